// The login exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases } from '../helpers/cases.js';

export default defineCases({
  exercise: 'login',
  right: [
    { name: 'a tutorial-style server that answers fail to bad messages', commands: { server: 'python3 server-good.py' } },
    { name: 'a threaded server comparing bytes, address from argv', commands: { server: 'python3 server-threaded.py {host} {port}' } },
    { name: 'a tutorial-style client with connect() fixed', commands: { client: 'python3 client-good.py' } },
  ],
  rightPairs: [{ name: 'a threaded server with the tutorial-style client', commands: { server: 'python3 server-threaded.py {host} {port}', client: 'python3 client-good.py' } }],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'server-colon-separator.py', commands: { server: 'python3 server-colon-separator.py', client: 'python3 client-colon-separator.py' }, fails: ['pair-clean'], says: 'the reference server receives "alice|wrong' },
    { file: 'client-no-close-check.py', commands: { server: 'python3 server-good.py', client: 'python3 client-no-close-check.py' }, fails: ['pair-cut'], says: 'did not end' },
    { file: 'server-reads-account-txt.py', commands: { server: 'python3 server-reads-account-txt.py' }, fails: ['server-starts'], says: 'FileNotFoundError' },
    { file: 'server-sends-str.py', commands: { server: 'python3 server-sends-str.py' }, fails: ['server-accepts-right-password', 'server-serves-reference-client'], says: 'TypeError' },
    { file: 'server-checks-user-only.py', commands: { server: 'python3 server-checks-user-only.py' }, fails: ['server-rejects-wrong-password'], says: 'answered "success" instead of "fail"' },
    { file: 'server-substring-match.py', commands: { server: 'python3 server-substring-match.py' }, fails: ['server-rejects-unknown-user', 'server-rejects-wrong-password'], says: 'there is no user ali' },
    { file: 'server-one-attempt.py', commands: { server: 'python3 server-one-attempt.py' }, fails: ['server-retries-on-one-connection'], says: 'attempt 2 on this connection' },
    { file: 'server-readlines-no-strip.py', commands: { server: 'python3 server-readlines-no-strip.py' }, fails: ['server-account-lines'], says: 'admin:admin888 is the first line' },
    { file: 'server-blank-line.py', commands: { server: 'python3 server-blank-line.py' }, fails: ['server-account-blank-line'], says: 'after the blank line' },
    { file: 'server-account-gbk.py', commands: { server: 'python3 server-account-gbk.py' }, fails: ['server-account-non-ascii'], says: '张三:密码123' },
    { file: 'server-no-separator-check.py', commands: { server: 'python3 server-no-separator-check.py' }, fails: ['server-no-separator'], says: 'ValueError' },
    { file: 'server-strict-decode.py', commands: { server: 'python3 server-strict-decode.py' }, fails: ['server-invalid-utf8'], says: 'UnicodeDecodeError' },
    { file: 'server-leaves-connection-open.py', commands: { server: 'python3 server-leaves-connection-open.py' }, fails: ['server-client-leaves'], says: 'never closed the connection' },
    { file: 'server-one-client.py', commands: { server: 'python3 server-one-client.py' }, fails: ['server-sequential'], says: 'instead of going back to accept()' },
    { file: 'client-connect-two-args.py', commands: { client: 'python3 client-connect-two-args.py' }, fails: ['client-connects'], says: 'TypeError' },
    { file: 'client-colon-separator.py', commands: { client: 'python3 client-colon-separator.py' }, fails: ['client-sends-credentials'], says: '"alice:123456"' },
    { file: 'client-compares-bytes.py', commands: { client: 'python3 client-compares-bytes.py' }, fails: ['client-stops-after-success'], says: 'asked for input again' },
    { file: 'client-one-attempt.py', commands: { client: 'python3 client-one-attempt.py' }, fails: ['client-asks-again-after-fail'], says: 'the client ended' },
    { file: 'client-encodes-gbk.py', commands: { client: 'python3 client-encodes-gbk.py' }, fails: ['client-non-ascii'], says: 'the client sent' },
    { file: 'client-no-close-check.py', commands: { client: 'python3 client-no-close-check.py' }, fails: ['client-ends-when-server-closes'], says: 'asked for input again' },
  ],
  examples: {
    'login-tutorial-style': {
      fails: {
        'server-account-blank-line': ['bad-input', 'the server did not answer'],
        'server-no-separator': ['bad-input', 'the server did not answer'],
        'server-invalid-utf8': ['bad-input', 'the server did not answer'],
        'server-client-leaves': ['empty-recv', 'never closed the connection'],
        'client-ends-when-server-closes': ['empty-recv', 'asked for input again'],
      },
    },
  },
});
