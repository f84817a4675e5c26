// The thread-echo exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases } from '../helpers/cases.js';

export default defineCases({
  exercise: 'thread-echo',
  right: [
    { name: 'a tutorial-style server with a hard-coded address and a thread per client', commands: { server: 'python3 server-good.py' } },
    { name: 'a socketserver.ThreadingTCPServer server reading its port from argv', commands: { server: 'python3 server-socketserver.py {port}' } },
    { name: 'a two-thread client that ends with os._exit(0)', commands: { client: 'python3 client-good.py' } },
  ],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'client-sends-newline.py', commands: { server: 'python3 server-good.py', client: 'python3 client-sends-newline.py' }, fails: ['pair-clean'], says: 'the reference server receives' },
    { file: 'server-python2.py', commands: { server: 'python3 server-python2.py' }, fails: ['server-starts'], says: 'Python 2' },
    { file: 'server-sends-str.py', commands: { server: 'python3 server-sends-str.py' }, fails: ['server-echoes-messages'], says: "a bytes-like object is required, not 'str'" },
    { file: 'server-joins-thread.py', commands: { server: 'python3 server-joins-thread.py' }, fails: ['server-concurrent-clients'], says: 'the second client got no echo while the first was still connected (it had sent nothing): its connection was not accept()ed while the server sat idle; once the first left, it got its echo at once: the server serves one client at a time' },
    { file: 'server-global-socket.py', commands: { server: 'python3 server-global-socket.py' }, fails: ['server-concurrent-clients', 'server-quit'], says: "The server mixed up its clients' connections" },
    { file: 'server-ignores-quit.py', commands: { server: 'python3 server-ignores-quit.py' }, fails: ['server-quit'], says: "echoed b'quit' and kept the connection open" },
    { file: 'server-no-empty-check.py', commands: { server: 'python3 server-no-empty-check.py' }, fails: ['server-peer-leaves'], says: 'busy loop' },
    { file: 'server-accepts-once.py', commands: { server: 'python3 server-accepts-once.py' }, fails: ['server-sequential'], says: 'the second client could not connect' },
    { file: 'client-python2.py', commands: { client: 'python3 client-python2.py' }, fails: ['client-connects'], says: 'Python 2' },
    { file: 'client-sends-newline.py', commands: { client: 'python3 client-sends-newline.py' }, fails: ['client-sends-lines'], says: 'the newline went out with the message' },
    { file: 'client-no-recv-thread.py', commands: { client: 'python3 client-no-recv-thread.py' }, fails: ['client-prints-pushed'], says: 'waiting for the user to type (input()) instead' },
    { file: 'client-ignores-exit.py', commands: { client: 'python3 client-ignores-exit.py' }, fails: ['client-exit'], says: 'waiting for the user to type' },
    { file: 'client-daemon-input.py', commands: { client: 'python3 client-daemon-input.py' }, fails: ['client-server-closes'], says: 'a daemon thread was still inside input()' },
    { file: 'client-spins-on-close.py', commands: { client: 'python3 client-spins-on-close.py' }, fails: ['client-server-closes'], says: 'after the server closed the connection, the client' },
  ],
  examples: {
    'thread-echo-tutorial-style': { fails: { 'client-server-closes': ['empty-recv', 'times, and goes on'] } },
  },
});
