// The udp-hello exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases, FULL_MARKS } from '../helpers/cases.js';

export default defineCases({
  exercise: 'udp-hello',
  right: [
    { name: 'a tutorial-style server that replies with the bytes it got', commands: { server: 'python3 server-good.py' } },
    { name: 'a socketserver.UDPServer server', commands: { server: 'python3 server-socketserver.py' } },
    { name: 'a tutorial-style client with a timeout and a retry', commands: { client: 'python3 client-good.py' } },
  ],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'server-no-space.py', commands: { server: 'python3 server-no-space.py', client: 'python3 client-good.py' }, fails: ['pair-clean'], says: 'the reference server sends' },
    { file: 'client-no-timeout.py', commands: { server: 'python3 server-good.py', client: 'python3 client-no-timeout.py' }, fails: ['pair-drop', 'pair-reorder'], says: 'the client sent 1 datagram' },
    { file: 'client-prints-every-reply.py', commands: { server: 'python3 server-good.py', client: 'python3 client-prints-every-reply.py' }, fails: ['pair-duplicate'], says: '2 times' },
    { file: 'server-forgets-dgram.py', commands: { server: 'python3 server-forgets-dgram.py' }, fails: ['server-starts'], says: 'before it bound its UDP port' },
    { file: 'server-no-space.py', commands: { server: 'python3 server-no-space.py' }, fails: ['server-replies-hello'], says: 'the reference server answers "hello world"' },
    { file: 'server-no-loop.py', commands: { server: 'python3 server-no-loop.py' }, fails: ['server-replies-hello'], says: 'having answered 1 datagram before it' },
    { file: 'server-replies-to-first-sender.py', commands: { server: 'python3 server-replies-to-first-sender.py' }, fails: ['server-two-senders'], says: 'instead' },
    { file: 'server-stops-on-empty.py', commands: { server: 'python3 server-stops-on-empty.py' }, fails: ['server-empty-datagram'], says: 'exited with code 0' },
    { file: 'server-decodes-strict.py', commands: { server: 'python3 server-decodes-strict.py' }, fails: ['server-invalid-utf8'], says: 'UnicodeDecodeError' },
    { file: 'server-reads-until-short.py', commands: { server: 'python3 server-reads-until-short.py' }, fails: ['server-oversize-datagram'], says: 'did not answer the ping' },
    { file: 'client-python2.py', commands: { client: 'python3 client-python2.py' }, fails: ['client-sends-line'], says: 'Python 2' },
    { file: 'client-sends-newline.py', commands: { client: 'python3 client-sends-newline.py' }, fails: ['client-prints-replies'], says: 'the reference client sends "world"' },
    { file: 'client-readline-quit.py', commands: { client: 'python3 client-readline-quit.py' }, fails: ['client-ends-on-quit'], says: 'as a message and is waiting for the next line' },
    { file: 'client-no-empty-check.py', commands: { client: 'python3 client-no-empty-check.py' }, fails: ['client-ends-on-empty-line'], says: 'an empty datagram' },
    { file: 'client-no-timeout.py', commands: { client: 'python3 client-no-timeout.py' }, fails: ['client-retries-lost-reply'], says: 'with no timeout' },
    { file: 'client-timeout-uncaught.py', commands: { client: 'python3 client-timeout-uncaught.py' }, fails: ['client-retries-lost-reply'], says: 'TimeoutError' },
    { file: 'client-timeout-no-resend.py', commands: { client: 'python3 client-timeout-no-resend.py' }, fails: ['client-retries-lost-reply'], says: 'waiting for the next line' },
  ],
  examples: {
    'udp-hello-correct': FULL_MARKS,
    'udp-hello-tutorial-style': {
      fails: {
        'server-invalid-utf8': ['bad-input', 'UnicodeDecodeError'],
        'client-retries-lost-reply': ['loss', 'with no timeout'],
      },
    },
  },
});
