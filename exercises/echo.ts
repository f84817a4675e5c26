import { defineExercise } from './schema.js';
import { echoChecks } from '../graders/echo.js';
import { echoPairChecks } from '../graders/pair/echo.js';

export const echo = defineExercise({
  id: 'echo',
  title: 'Echo server and client',
  source: { seed: '000 §5.2 (示例2), 004', section: 'echo server: recv(1024) in a loop, sendall every byte back until b\'\'' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'echo/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'echo/client' },
  },
  summary:
    "The server accepts a client and sends every byte it receives back until recv() returns b'', then closes. " +
    "The client sends b'Hello, world', collects the 12-byte echo and prints Received b'Hello, world'.",
  checks: [...echoChecks, ...echoPairChecks],
});
