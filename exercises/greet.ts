import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { greetChecks } from '../graders/greet.js';
import { greetPairChecks } from '../graders/pair/greet.js';

export const greet = defineExercise({
  id: 'greet',
  title: t('Greeting server and client', '问候服务器和客户端'),
  source: { seed: '001 §简单的TCP socket示例', section: 'the server greets every client that connects and closes; the client prints the greeting' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'greet/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'greet/client' },
  },
  summary: t(
    'The server sends 成功连接到服务器 socket message (UTF-8) to every client that connects and closes that connection, ' +
    'one client after another. The client reads until the server closes and prints client receive message=成功连接到服务器 socket message.',
    '服务器向每个连接进来的客户端发送 成功连接到服务器 socket message（UTF-8），然后关闭这个连接，依次处理一个又一个客户端。客户端一直读到服务器关闭连接，然后打印 client receive message=成功连接到服务器 socket message。',
  ),
  checks: [...greetChecks, ...greetPairChecks],
});
