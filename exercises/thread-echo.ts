import { defineExercise } from './schema.js';
import { threadEchoChecks } from '../graders/thread-echo.js';
import { threadEchoPairChecks } from '../graders/pair/thread-echo.js';

export const threadEcho = defineExercise({
  id: 'thread-echo',
  title: 'Echo server with a thread per client, and a two-thread client',
  source: { seed: '001', section: '多线程与网络编程' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'thread-echo/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'thread-echo/client' },
  },
  summary:
    "The server starts a thread for every client it accepts and echoes each message; quit or b'' closes that client only, the others go on. " +
    'The client sends every line the user types from one thread (exit is sent and ends it) and prints whatever the server sends, whenever it arrives, from another; the server closing ends it too.',
  checks: [...threadEchoChecks, ...threadEchoPairChecks],
});
