// The file-transfer exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases, FULL_MARKS } from '../helpers/cases.js';

const py = (file: string) => `python3 ${file}`;

export default defineCases({
  exercise: 'file-transfer',
  right: [
    { name: 'a tutorial-style server, fixed, with a hard-coded address', commands: { server: py('server-good.py') } },
    { name: 'a tutorial-style client, fixed, with a hard-coded address', commands: { client: py('client-good.py') } },
  ],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'client-wrong-ack.py', commands: { server: 'python3 server-good.py', client: 'python3 client-wrong-ack.py' }, fails: ['pair-clean'], says: 'the reference server receives' },
    { file: 'client-recv-whole-size.py', commands: { server: 'python3 server-single-recv-ack.py', client: 'python3 client-recv-whole-size.py' }, fails: ['pair-sliced'], says: '传输完毕' },
    { file: 'client-spins-on-close.py', commands: { server: 'python3 server-good.py', client: 'python3 client-spins-on-close.py' }, fails: ['pair-cut'], says: 'did not end' },
    { file: 'server-python2.py', commands: { server: py('server-python2.py') }, fails: ['server-starts'], says: 'Python 2' },
    { file: 'server-text-mode.py', commands: { server: py('server-text-mode.py') }, fails: ['server-sends-file-to-reference-client'], says: 'UnicodeDecodeError' },
    { file: 'server-quits-on-empty-file.py', commands: { server: py('server-quits-on-empty-file.py') }, fails: ['server-sends-tiny-files'], says: 'the size of python.jpg' },
    { file: 'server-no-ack-wait.py', commands: { server: py('server-no-ack-wait.py') }, fails: ['server-waits-for-ack'], says: 'before we had sent' },
    { file: 'server-single-recv-ack.py', commands: { server: py('server-single-recv-ack.py') }, fails: ['server-reads-whole-ack'], says: "after reading only b'Ready'" },
    { file: 'server-send-not-sendall.py', commands: { server: py('server-send-not-sendall.py') }, fails: ['server-sends-oversize'], says: 'differs from the file at byte 1000:' },
    { file: 'server-ack-loop-spins.py', commands: { server: py('server-ack-loop-spins.py') }, fails: ['server-client-leaves-before-ack'], says: 'busy loop' },
    { file: 'server-no-try-except.py', commands: { server: py('server-no-try-except.py') }, fails: ['server-client-leaves-mid-file'], says: 'the program crashed after a client left in the middle of the file' },
    { file: 'server-serves-once.py', commands: { server: py('server-serves-once.py') }, fails: ['server-serves-second-client'], says: 'instead of accepting the next client' },
    { file: 'client-python2.py', commands: { client: py('client-python2.py') }, fails: ['client-connects'], says: 'Python 2' },
    { file: 'client-wrong-ack.py', commands: { client: py('client-wrong-ack.py') }, fails: ['client-receives-file-from-reference-server'], says: 'Ready to receive file' },
    { file: 'client-writes-endlessly.py', commands: { client: py('client-writes-endlessly.py') }, fails: ['client-receives-file-from-reference-server'], says: 'file-size limit' },
    { file: 'client-loop-checks-after-recv.py', commands: { client: py('client-loop-checks-after-recv.py') }, fails: ['client-receives-tiny-files'], says: 'did not end by itself' },
    { file: 'client-recv-whole-size.py', commands: { client: py('client-recv-whole-size.py') }, fails: ['client-collects-file-pieces', 'client-receives-oversize'], says: 'has only 1 of the 10007 bytes' },
    { file: 'client-spins-on-close.py', commands: { client: py('client-spins-on-close.py') }, fails: ['client-server-closes-early'], says: 'busy loop' },
    { file: 'client-writes-whole-chunks.py', commands: { client: py('client-writes-whole-chunks.py') }, fails: ['client-writes-announced-size'], says: '5 bytes more than the 10007' },
    { file: 'client-until-equal.py', commands: { client: py('client-until-equal.py') }, fails: ['client-size-in-two-pieces', 'client-writes-announced-size'], says: 'did not end by itself' },
  ],
  examples: {
    'file-transfer-correct': FULL_MARKS,
    'file-transfer-tutorial-style': {
      fails: {
        'server-reads-whole-ack': ['partial', "after reading only b'Ready'"],
        'server-sends-oversize': ['oversize', 'differs from the file at byte'],
        'server-client-leaves-before-ack': ['empty-recv', 'the program crashed after a client closed without acknowledging'],
        'server-client-leaves-mid-file': ['empty-recv', 'the program crashed after a client left in the middle of the file'],
        'client-server-closes-early': ['empty-recv', 'busy loop'],
        'client-writes-announced-size': ['bad-input', '5 bytes more than the 10007'],
      },
    },
  },
});
