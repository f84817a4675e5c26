import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { threadEchoChecks } from '../graders/thread-echo.js';
import { threadEchoPairChecks } from '../graders/pair/thread-echo.js';

export const threadEcho = defineExercise({
  id: 'thread-echo',
  title: t('Echo server with a thread per client, and a two-thread client', '每个客户端一个线程的回显服务器，以及双线程客户端'),
  source: { seed: '001', section: '多线程与网络编程' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'thread-echo/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'thread-echo/client' },
  },
  summary: t(
    "The server starts a thread for every client it accepts and echoes each message; quit or b'' closes that client only, the others go on. " +
    'The client sends every line the user types from one thread (exit is sent and ends it) and prints whatever the server sends, whenever it arrives, from another; the server closing ends it too.',
    "服务器为接受的每个客户端启动一个线程，回显每条消息；quit 或 b'' 只关闭那一个客户端，其他客户端照常继续。客户端在一个线程中发送用户输入的每一行（发送 exit 后结束），在另一个线程中随时打印服务器发来的任何内容；服务器关闭连接时客户端也结束。",
  ),
  checks: [...threadEchoChecks, ...threadEchoPairChecks],
});
