import { defineExercise } from './schema.js';
import { udpHelloChecks } from '../graders/udp-hello.js';
import { udpHelloPairChecks } from '../graders/pair/udp-hello.js';

export const udpHello = defineExercise({
  id: 'udp-hello',
  title: 'UDP hello server and client',
  source: { seed: '001', section: 'UDP程序设计: recvfrom(1024), reply hello + text with sendto() to the sender' },
  protocol: 'udp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'udp-hello/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'udp-hello/client' },
  },
  summary:
    "The server answers each datagram with 'hello ' + its text, sent to the address the datagram came from. " +
    'The client prompts 请输入传输内容：, sends each typed line, prints 客户端接收信息为： + the reply, and ends on quit or an empty line.',
  checks: [...udpHelloChecks, ...udpHelloPairChecks],
});
