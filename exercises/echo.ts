import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { echoChecks } from '../graders/echo.js';
import { echoPairChecks } from '../graders/pair/echo.js';

export const echo = defineExercise({
  id: 'echo',
  title: t('Echo server and client', '回显服务器和客户端'),
  source: { seed: '000 §5.2 (示例2), 004', section: 'echo server: recv(1024) in a loop, sendall every byte back until b\'\'' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'echo/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'echo/client' },
  },
  summary: t(
    "The server accepts a client and sends every byte it receives back until recv() returns b'', then closes. " +
    "The client sends b'Hello, world', collects the 12-byte echo and prints Received b'Hello, world'.",
    "服务器接受一个客户端，把收到的每个字节都发回去，直到 recv() 返回 b''，然后关闭连接。客户端发送 b'Hello, world'，收齐 12 个字节的回显后打印 Received b'Hello, world'。",
  ),
  checks: [...echoChecks, ...echoPairChecks],
});
