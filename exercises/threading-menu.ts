import { defineExercise } from './schema.js';
import { threadingMenuChecks } from '../graders/threading-menu.js';
import { threadingMenuPairChecks } from '../graders/pair/threading-menu.js';

export const threadingMenu = defineExercise({
  id: 'threading-menu',
  title: 'ThreadingTCPServer menu server and client',
  source: { seed: '002', section: 'ThreadingTCPServer' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'threading-menu/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'threading-menu/client' },
  },
  summary:
    'The server (socketserver.ThreadingTCPServer, a thread per client) greets each client with 我是多线程, then answers each message: ' +
    'exit ends the conversation, 0 gets 您输入的是0, anything else 请重新输入. . ' +
    'The client prints what it receives (receive: ...), prompts please input:, sends the line, and stops after sending exit.',
  checks: [...threadingMenuChecks, ...threadingMenuPairChecks],
});
