// The echo exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases, FULL_MARKS } from '../helpers/cases.js';

export default defineCases({
  exercise: 'echo',
  right: [
    { name: 'a tutorial-style server with a hard-coded address', commands: { server: 'python3 server-good.py' } },
    { name: 'a server reading its port from argv', commands: { server: 'python3 server-reads-port.py {port}' } },
    { name: 'a socketserver server with a thread per client', commands: { server: 'python3 server-socketserver.py' } },
    { name: 'a tutorial-style client with a hard-coded address', commands: { client: 'python3 client-good.py' } },
    { name: 'a client that shuts down writing and reads to EOF', commands: { client: 'python3 client-half-close.py' } },
  ],
  rightPairs: [{ name: 'a tutorial-style server with a client that shuts down writing', commands: { server: 'python3 server-good.py', client: 'python3 client-half-close.py' } }],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'server-adds-prefix.py', commands: { server: 'python3 server-adds-prefix.py', client: 'python3 client-good.py' }, fails: ['pair-clean'], says: 'the reference server sends' },
    { file: 'client-single-recv.py', commands: { server: 'python3 server-single-recv.py', client: 'python3 client-single-recv.py' }, fails: ['pair-sliced'], says: 'the server sent "Hello,"' },
    // Only the client is wrong: the right server's reset after the client left is a note, never the verdict.
    { file: 'client-single-recv.py', commands: { server: 'python3 server-good.py', client: 'python3 client-single-recv.py' }, fails: ['pair-sliced'], says: 'the client did not show "Hello, world"' },
    { file: 'client-short-timeout.py', commands: { server: 'python3 server-good.py', client: 'python3 client-short-timeout.py' }, fails: ['pair-latency', 'pair-stall'], says: 'crashed' },
    { file: 'client-swallows-reset.py', commands: { server: 'python3 server-good.py', client: 'python3 client-swallows-reset.py' }, fails: ['pair-reset', 'pair-cut'], says: 'did not end' },
    { file: 'client-spins-on-close.py', commands: { server: 'python3 server-good.py', client: 'python3 client-spins-on-close.py' }, fails: ['pair-cut'], says: 'busy loop' },
    { file: 'server-python2.py', commands: { server: 'python3 server-python2.py' }, fails: ['server-starts'], says: 'Python 2' },
    { file: 'server-adds-prefix.py', commands: { server: 'python3 server-adds-prefix.py' }, fails: ['server-echoes-reference-client'], says: 'reference server sends' },
    { file: 'server-decode-ignore.py', commands: { server: 'python3 server-decode-ignore.py' }, fails: ['server-echoes-all-bytes'], says: '' },
    { file: 'server-single-recv.py', commands: { server: 'python3 server-single-recv.py' }, fails: ['server-echoes-byte-pieces'], says: '' },
    { file: 'server-decodes-chunks.py', commands: { server: 'python3 server-decodes-chunks.py' }, fails: ['server-echoes-split-utf8'], says: 'UnicodeDecodeError' },
    { file: 'server-send-not-sendall.py', commands: { server: 'python3 server-send-not-sendall.py' }, fails: ['server-echoes-oversize'], says: '' },
    { file: 'server-forgets-tail.py', commands: { server: 'python3 server-forgets-tail.py' }, fails: ['server-half-close'], says: '' },
    { file: 'server-no-empty-check.py', commands: { server: 'python3 server-no-empty-check.py' }, fails: ['server-peer-leaves'], says: 'busy loop' },
    { file: 'client-python2.py', commands: { client: 'python3 client-python2.py' }, fails: ['client-connects'], says: 'Python 2' },
    { file: 'client-wrong-message.py', commands: { client: 'python3 client-wrong-message.py' }, fails: ['client-sends-and-prints'], says: 'reference client sends' },
    { file: 'client-single-recv.py', commands: { client: 'python3 client-single-recv.py' }, fails: ['client-collects-split-echo'], says: 'first piece' },
    { file: 'client-spins-on-close.py', commands: { client: 'python3 client-spins-on-close.py' }, fails: ['client-server-closes-early'], says: 'busy loop' },
  ],
  examples: {
    'echo-correct': FULL_MARKS,
    'echo-lan-address': FULL_MARKS,
    'echo-socketserver': FULL_MARKS,
    'echo-ipv6': FULL_MARKS,
    'echo-tutorial-style': { fails: { 'client-collects-split-echo': ['partial', 'stopped after the first piece'] } },
    'echo-buggy': {
      fails: {
        'server-echoes-oversize': ['oversize', ''],
        'server-half-close': ['empty-recv', ''],
        'server-peer-leaves': ['empty-recv', 'busy loop'],
        'client-server-closes-early': ['empty-recv', 'busy loop'],
      },
    },
    'echo-decodes-text': {
      fails: {
        'server-echoes-all-bytes': ['basic', 'UnicodeDecodeError'],
        'server-echoes-split-utf8': ['partial', 'UnicodeDecodeError'],
        'server-echoes-oversize': ['oversize', 'UnicodeDecodeError'],
        'client-collects-split-echo': ['partial', 'stopped after the first piece'],
      },
    },
    'echo-python2': {
      fails: {
        'server-starts': ['basic', "Python 2 code, which does not run under Python 3 (SyntaxError: Missing parentheses in call to 'print'"],
        'client-connects': ['basic', "at client.py:9: print 'Received', repr(data)"],
      },
    },
  },
});
