import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { udpEchoChecks } from '../graders/udp-echo.js';
import { udpEchoPairChecks } from '../graders/pair/udp-echo.js';

export const udpEcho = defineExercise({
  id: 'udp-echo',
  title: t('UDP echo server and client', 'UDP 回显服务器和客户端'),
  source: { seed: '003', section: '2.4 简单的客户端服务器UDP连接: recvfrom(1024), sendto() every datagram back to its sender' },
  protocol: 'udp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'udp-echo/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'udp-echo/client' },
  },
  summary: t(
    'The server sends every datagram back unchanged to its sender. ' +
    "The client prompts 'Please Input data > ', sends each typed line and prints 'Data : ' + the reply.",
    "服务器把每个数据报原样发回给发送方。客户端提示 'Please Input data > '，发送输入的每一行，并打印 'Data : ' 加上回复。",
  ),
  checks: [...udpEchoChecks, ...udpEchoPairChecks],
});
