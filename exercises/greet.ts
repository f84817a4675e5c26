import { defineExercise } from './schema.js';
import { greetChecks } from '../graders/greet.js';
import { greetPairChecks } from '../graders/pair/greet.js';

export const greet = defineExercise({
  id: 'greet',
  title: 'Greeting server and client',
  source: { seed: '001 §简单的TCP socket示例', section: 'the server greets every client that connects and closes; the client prints the greeting' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'greet/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'greet/client' },
  },
  summary:
    'The server sends 成功连接到服务器 socket message (UTF-8) to every client that connects and closes that connection, ' +
    'one client after another. The client reads until the server closes and prints client receive message=成功连接到服务器 socket message.',
  checks: [...greetChecks, ...greetPairChecks],
});
