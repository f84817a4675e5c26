import { defineExercise } from './schema.js';
import { udpEchoChecks } from '../graders/udp-echo.js';
import { udpEchoPairChecks } from '../graders/pair/udp-echo.js';

export const udpEcho = defineExercise({
  id: 'udp-echo',
  title: 'UDP echo server and client',
  source: { seed: '003', section: '2.4 简单的客户端服务器UDP连接: recvfrom(1024), sendto() every datagram back to its sender' },
  protocol: 'udp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'udp-echo/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'udp-echo/client' },
  },
  summary:
    'The server sends every datagram back unchanged to its sender. ' +
    "The client prompts 'Please Input data > ', sends each typed line and prints 'Data : ' + the reply.",
  checks: [...udpEchoChecks, ...udpEchoPairChecks],
});
