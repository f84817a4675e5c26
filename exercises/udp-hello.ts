import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { udpHelloChecks } from '../graders/udp-hello.js';
import { udpHelloPairChecks } from '../graders/pair/udp-hello.js';

export const udpHello = defineExercise({
  id: 'udp-hello',
  title: t('UDP hello server and client', 'UDP hello 服务器和客户端'),
  source: { seed: '001', section: 'UDP程序设计: recvfrom(1024), reply hello + text with sendto() to the sender' },
  protocol: 'udp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'udp-hello/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'udp-hello/client' },
  },
  summary: t(
    "The server answers each datagram with 'hello ' + its text, sent to the address the datagram came from. " +
    'The client prompts 请输入传输内容：, sends each typed line, prints 客户端接收信息为： + the reply, and ends on quit or an empty line.',
    "服务器用 'hello ' 加上数据报的内容回答每个数据报，发回到该数据报的来源地址。客户端提示 请输入传输内容：，发送输入的每一行，打印 客户端接收信息为： 加上回复，输入 quit 或空行时结束。",
  ),
  checks: [...udpHelloChecks, ...udpHelloPairChecks],
});
