// The udp-echo exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases, FULL_MARKS } from '../helpers/cases.js';

export default defineCases({
  exercise: 'udp-echo',
  right: [
    { name: 'a tutorial-style server ported to Python 3', commands: { server: 'python3 server-good.py' } },
    { name: 'a server reading its port from argv', commands: { server: 'python3 server-reads-port.py {port}' } },
    { name: 'a tutorial-style client with a timeout and a retry', commands: { client: 'python3 client-good.py' } },
  ],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'client-sends-str.py', commands: { server: 'python3 server-good.py', client: 'python3 client-sends-str.py' }, fails: ['pair-clean'], says: 'TypeError' },
    { file: 'client-no-timeout.py', commands: { server: 'python3 server-good.py', client: 'python3 client-no-timeout.py' }, fails: ['pair-drop', 'pair-reorder'], says: 'the client sent 1 datagram' },
    { file: 'client-prints-every-reply.py', commands: { server: 'python3 server-good.py', client: 'python3 client-prints-every-reply.py' }, fails: ['pair-duplicate'], says: '2 times' },
    { file: 'server-python2.py', commands: { server: 'python3 server-python2.py' }, fails: ['server-starts'], says: 'Python 2' },
    { file: 'server-no-loop.py', commands: { server: 'python3 server-no-loop.py' }, fails: ['server-echoes-lines'], says: 'having answered 1 datagram before it' },
    { file: 'server-decodes.py', commands: { server: 'python3 server-decodes.py' }, fails: ['server-echoes-all-bytes'], says: 'UnicodeDecodeError' },
    { file: 'server-replies-to-first-sender.py', commands: { server: 'python3 server-replies-to-first-sender.py' }, fails: ['server-two-senders'], says: 'instead' },
    { file: 'server-stops-on-empty.py', commands: { server: 'python3 server-stops-on-empty.py' }, fails: ['server-empty-datagram'], says: 'exited with code 0' },
    { file: 'server-reads-until-short.py', commands: { server: 'python3 server-reads-until-short.py' }, fails: ['server-oversize-datagram'], says: 'did not answer the ping' },
    { file: 'client-sends-str.py', commands: { client: 'python3 client-sends-str.py' }, fails: ['client-sends-line'], says: "a bytes-like object is required, not 'str'" },
    { file: 'client-swaps-recvfrom.py', commands: { client: 'python3 client-swaps-recvfrom.py' }, fails: ['client-prints-replies'], says: 'did not print the reply' },
    { file: 'client-no-timeout.py', commands: { client: 'python3 client-no-timeout.py' }, fails: ['client-retries-lost-reply'], says: 'with no timeout' },
  ],
  examples: {
    'udp-echo-correct': FULL_MARKS,
    'udp-echo-tutorial-style': {
      fails: {
        'client-retries-lost-reply': ['loss', 'with no timeout'],
      },
    },
  },
});
