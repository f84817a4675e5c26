// The greet exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases, FULL_MARKS } from '../helpers/cases.js';

export default defineCases({
  exercise: 'greet',
  right: [
    { name: 'a tutorial-style server that catches a client gone away', commands: { server: 'python3 server-good.py' } },
    { name: 'a socketserver server', commands: { server: 'python3 server-socketserver.py' } },
    { name: 'a tutorial-style client that reads to EOF and decodes once', commands: { client: 'python3 client-good.py' } },
    { name: 'a client that reads the stream with makefile().read()', commands: { client: 'python3 client-makefile.py' } },
  ],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'server-encodes-gbk.py', commands: { server: 'python3 server-encodes-gbk.py', client: 'python3 client-good.py' }, fails: ['pair-clean'], says: 'the reference server sends' },
    { file: 'client-single-recv.py', commands: { server: 'python3 server-good.py', client: 'python3 client-single-recv.py' }, fails: ['pair-sliced'], says: 'UnicodeDecodeError' },
    { file: 'server-python2.py', commands: { server: 'python3 server-python2.py' }, fails: ['server-starts'], says: 'Python 2' },
    { file: 'server-encodes-gbk.py', commands: { server: 'python3 server-encodes-gbk.py' }, fails: ['server-greets-reference-client'], says: 'not UTF-8' },
    { file: 'server-never-closes.py', commands: { server: 'python3 server-never-closes.py' }, fails: ['server-greets-reference-client'], says: 'did not close the connection' },
    { file: 'server-serves-once.py', commands: { server: 'python3 server-serves-once.py' }, fails: ['server-greets-clients-in-turn'], says: 'after one client had come and gone' },
    { file: 'server-no-try.py', commands: { server: 'python3 server-no-try.py' }, fails: ['server-survives-reset'], says: 'ConnectionResetError' },
    { file: 'client-python2.py', commands: { client: 'python3 client-python2.py' }, fails: ['client-connects'], says: 'Python 2' },
    { file: 'client-decodes-gbk.py', commands: { client: 'python3 client-decodes-gbk.py' }, fails: ['client-prints-greeting'], says: 'garbled' },
    { file: 'client-single-recv.py', commands: { client: 'python3 client-single-recv.py' }, fails: ['client-collects-split-greeting'], says: 'stopped after the first piece' },
    { file: 'client-decodes-each-recv.py', commands: { client: 'python3 client-decodes-each-recv.py' }, fails: ['client-collects-split-greeting'], says: 'UnicodeDecodeError' },
    { file: 'client-decodes-each-replace.py', commands: { client: 'python3 client-decodes-each-replace.py' }, fails: ['client-collects-split-greeting'], says: '�' },
  ],
  examples: {
    'greet-correct': FULL_MARKS,
    'greet-tutorial-style': {
      fails: {
        'server-survives-reset': ['bad-input', 'ConnectionResetError'],
        'client-collects-split-greeting': ['partial', 'stopped after the first piece'],
      },
    },
  },
});
