// The one-shot-chat exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases, FULL_MARKS } from '../helpers/cases.js';

export default defineCases({
  exercise: 'one-shot-chat',
  right: [
    { name: 'a tutorial-style server that catches a client gone away and decodes leniently', commands: { server: 'python3 server-good.py' } },
    { name: 'a socketserver server that does not answer a silent client', commands: { server: 'python3 server-socketserver.py' } },
    { name: 'a tutorial-style client that reads to EOF and decodes once', commands: { client: 'python3 client-good.py' } },
  ],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'server-fullwidth-commas.py', commands: { server: 'python3 server-fullwidth-commas.py', client: 'python3 client-good.py' }, fails: ['pair-clean'], says: 'the reference server sends' },
    { file: 'client-single-recv.py', commands: { server: 'python3 server-good.py', client: 'python3 client-single-recv.py' }, fails: ['pair-sliced'], says: 'did not show' },
    { file: 'server-python2.py', commands: { server: 'python3 server-python2.py' }, fails: ['server-starts'], says: 'Python 2' },
    { file: 'server-fullwidth-commas.py', commands: { server: 'python3 server-fullwidth-commas.py' }, fails: ['server-answers-reference-client'], says: 'reference server answers' },
    { file: 'server-reads-to-eof.py', commands: { server: 'python3 server-reads-to-eof.py' }, fails: ['server-answers-reference-client'], says: 'answered nothing' },
    { file: 'server-serves-once.py', commands: { server: 'python3 server-serves-once.py' }, fails: ['server-answers-clients-in-turn'], says: 'after one client had come and gone' },
    { file: 'server-stops-on-empty.py', commands: { server: 'python3 server-stops-on-empty.py' }, fails: ['server-survives-silent-client'], says: 'exited with code 0' },
    { file: 'server-spins-on-empty.py', commands: { server: 'python3 server-spins-on-empty.py' }, fails: ['server-survives-silent-client'], says: 'busy loop' },
    { file: 'server-no-try.py', commands: { server: 'python3 server-no-try.py' }, fails: ['server-survives-reset'], says: 'ConnectionResetError' },
    { file: 'server-decodes-strictly.py', commands: { server: 'python3 server-decodes-strictly.py' }, fails: ['server-survives-split-message'], says: 'UnicodeDecodeError' },
    { file: 'client-python2.py', commands: { client: 'python3 client-python2.py' }, fails: ['client-connects'], says: 'Python 2' },
    { file: 'client-sends-str.py', commands: { client: 'python3 client-sends-str.py' }, fails: ['client-sends-and-prints'], says: 'bytes-like' },
    { file: 'client-single-recv.py', commands: { client: 'python3 client-single-recv.py' }, fails: ['client-collects-split-answer'], says: 'stopped after the first piece' },
    { file: 'client-decodes-each-recv.py', commands: { client: 'python3 client-decodes-each-recv.py' }, fails: ['client-collects-split-answer'], says: 'UnicodeDecodeError' },
  ],
  examples: {
    'one-shot-chat-correct': FULL_MARKS,
    'one-shot-chat-tutorial-style': {
      fails: {
        'server-survives-reset': ['bad-input', 'ConnectionResetError'],
        'server-survives-split-message': ['partial', 'UnicodeDecodeError'],
        'client-collects-split-answer': ['partial', 'stopped after the first piece'],
      },
    },
  },
});
