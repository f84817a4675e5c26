// The echo-loop exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases, FULL_MARKS } from '../helpers/cases.js';

export default defineCases({
  exercise: 'echo-loop',
  right: [
    { name: 'a tutorial-style server with the b\'\' check', commands: { server: 'python3 server-good.py' } },
    { name: 'a §2.2.1-style server with error handling', commands: { server: 'python3 server-with-error-handling.py' } },
    { name: 'a tutorial-style client that handles EOF and b\'\'', commands: { client: 'python3 client-good.py' } },
    { name: 'a client that sends each line with its newline', commands: { client: 'python3 client-readline.py' } },
  ],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'server-one-message-per-client.py', commands: { server: 'python3 server-one-message-per-client.py', client: 'python3 client-good.py' }, fails: ['pair-clean'], says: 'the reference server sends' },
    { file: 'client-ignores-server-close.py', commands: { server: 'python3 server-good.py', client: 'python3 client-ignores-server-close.py' }, fails: ['pair-cut'], says: 'did not end' },
    { file: 'server-python2.py', commands: { server: 'python3 server-python2.py' }, fails: ['server-starts'], says: 'Python 2' },
    { file: 'server-one-message-per-client.py', commands: { server: 'python3 server-one-message-per-client.py' }, fails: ['server-echoes-each-message'], says: 'hung up after answering 1 message' },
    { file: 'server-serves-one-client.py', commands: { server: 'python3 server-serves-one-client.py' }, fails: ['server-serves-next-client'], says: 'after the first client left, the server exited with code 0' },
    { file: 'server-spins-on-empty.py', commands: { server: 'python3 server-spins-on-empty.py' }, fails: ['server-peer-leaves', 'server-serves-next-client'], says: 'busy loop' },
    { file: 'server-keeps-connection-open.py', commands: { server: 'python3 server-keeps-connection-open.py' }, fails: ['server-peer-leaves'], says: 'kept its end of the connection open' },
    { file: 'server-decodes-each-recv.py', commands: { server: 'python3 server-decodes-each-recv.py' }, fails: ['server-echoes-split-utf8'], says: 'UnicodeDecodeError' },
    { file: 'server-send-not-sendall.py', commands: { server: 'python3 server-send-not-sendall.py' }, fails: ['server-echoes-oversize'], says: 'then the server closed the connection' },
    { file: 'client-python2.py', commands: { client: 'python3 client-python2.py' }, fails: ['client-connects'], says: 'Python 2' },
    { file: 'client-forgets-print.py', commands: { client: 'python3 client-forgets-print.py' }, fails: ['client-sends-lines-prints-echo'], says: "did not print the server's answer" },
    { file: 'client-sends-empty-line.py', commands: { client: 'python3 client-sends-empty-line.py' }, fails: ['client-skips-empty-line'], says: 'sent nothing' },
    { file: 'client-loops-at-eof.py', commands: { client: 'python3 client-loops-at-eof.py' }, fails: ['client-ends-at-end-of-input'], says: 'did not end by itself' },
    { file: 'client-ignores-server-close.py', commands: { client: 'python3 client-ignores-server-close.py' }, fails: ['client-ends-when-server-closes'], says: 'waiting for keyboard input again' },
  ],
  examples: {
    'echo-loop-correct': FULL_MARKS,
    'echo-loop-tutorial-style': {
      fails: {
        'server-serves-next-client': ['sequential', 'busy loop'],
        'server-peer-leaves': ['empty-recv', 'busy loop'],
        'client-ends-at-end-of-input': ['quit', 'EOFError'],
        'client-ends-when-server-closes': ['empty-recv', 'waiting for keyboard input again'],
      },
    },
  },
});
