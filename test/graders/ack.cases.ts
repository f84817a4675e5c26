// The ack exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases, FULL_MARKS } from '../helpers/cases.js';

export default defineCases({
  exercise: 'ack',
  right: [
    { name: 'a tutorial-style server with the b\'\' check', commands: { server: 'python3 server-good.py' } },
    { name: 'a socketserver server', commands: { server: 'python3 server-socketserver.py' } },
    { name: 'a tutorial-style client that handles EOF and b\'\'', commands: { client: 'python3 client-good.py' } },
  ],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'server-fixes-typo.py', commands: { server: 'python3 server-fixes-typo.py', client: 'python3 client-good.py' }, fails: ['pair-clean'], says: 'the reference server sends' },
    { file: 'client-ignores-server-close.py', commands: { server: 'python3 server-good.py', client: 'python3 client-ignores-server-close.py' }, fails: ['pair-cut'], says: 'did not end' },
    { file: 'server-python2.py', commands: { server: 'python3 server-python2.py' }, fails: ['server-starts'], says: 'Python 2' },
    { file: 'server-fixes-typo.py', commands: { server: 'python3 server-fixes-typo.py' }, fails: ['server-acks-each-message'], says: 'answer began "server received your message"' },
    { file: 'server-adds-newline.py', commands: { server: 'python3 server-adds-newline.py' }, fails: ['server-acks-each-message'], says: 'the server sent 1 more byte ("\\n")' },
    { file: 'server-serves-one-client.py', commands: { server: 'python3 server-serves-one-client.py' }, fails: ['server-serves-next-client'], says: 'after the first client left, the server exited with code 0' },
    { file: 'server-answers-empty.py', commands: { server: 'python3 server-answers-empty.py' }, fails: ['server-peer-leaves', 'server-serves-next-client'], says: 'crashed after the client closed the connection' },
    { file: 'server-decodes-to-print.py', commands: { server: 'python3 server-decodes-to-print.py' }, fails: ['server-survives-invalid-utf8'], says: 'UnicodeDecodeError' },
    { file: 'client-python2.py', commands: { client: 'python3 client-python2.py' }, fails: ['client-connects'], says: 'Python 2' },
    { file: 'client-small-buffer.py', commands: { client: 'python3 client-small-buffer.py' }, fails: ['client-sends-lines-prints-acks'], says: "did not print the server's answer" },
    { file: 'client-eof-traceback.py', commands: { client: 'python3 client-eof-traceback.py' }, fails: ['client-ends-at-end-of-input'], says: 'EOFError' },
    { file: 'client-ignores-server-close.py', commands: { client: 'python3 client-ignores-server-close.py' }, fails: ['client-ends-when-server-closes'], says: 'waiting for keyboard input again' },
  ],
  examples: {
    'ack-correct': FULL_MARKS,
    'ack-tutorial-style': {
      fails: {
        'server-peer-leaves': ['empty-recv', 'crashed after the client closed the connection'],
        'server-serves-next-client': ['sequential', 'crashed after the first client left'],
        'client-ends-at-end-of-input': ['quit', 'EOFError'],
        'client-ends-when-server-closes': ['empty-recv', 'waiting for keyboard input again'],
      },
    },
  },
});
