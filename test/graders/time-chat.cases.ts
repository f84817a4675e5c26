// The time-chat exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases } from '../helpers/cases.js';

export default defineCases({
  exercise: 'time-chat',
  right: [
    { name: 'a tutorial-style server that decodes with errors=replace', commands: { server: 'python3 server-good.py' } },
    { name: 'a socketserver server with a thread per client', commands: { server: 'python3 server-socketserver.py' } },
    { name: 'the tutorial client', commands: { client: 'python3 client-good.py' } },
    { name: 'a client using create_connection and $HOST/$PORT', commands: { client: 'python3 client-create-connection.py' } },
  ],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'client-sends-newline.py', commands: { server: 'python3 server-good.py', client: 'python3 client-sends-newline.py' }, fails: ['pair-clean'], says: 'the reference server receives' },
    { file: 'client-no-close-check.py', commands: { server: 'python3 server-good.py', client: 'python3 client-no-close-check.py' }, fails: ['pair-cut'], says: 'did not end' },
    { file: 'server-python2.py', commands: { server: 'python3 server-python2.py' }, fails: ['server-starts'], says: 'Python 2' },
    { file: 'server-datetime-now.py', commands: { server: 'python3 server-datetime-now.py' }, fails: ['server-replies-time'], says: 'ISO format' },
    { file: 'server-adds-8-hours.py', commands: { server: 'python3 server-adds-8-hours.py' }, fails: ['server-replies-time'], says: 'a whole time-zone difference' },
    { file: 'server-time-once.py', commands: { server: 'python3 server-time-once.py' }, fails: ['server-replies-every-message'], says: 'the time was read once' },
    { file: 'server-adds-newline.py', commands: { server: 'python3 server-adds-newline.py' }, fails: ['server-serves-reference-client', 'server-replies-time'], says: 'newline' },
    { file: 'server-no-quit.py', commands: { server: 'python3 server-no-quit.py' }, fails: ['server-quit'], says: "after 'quit' the server answered" },
    { file: 'server-no-empty-check.py', commands: { server: 'python3 server-no-empty-check.py' }, fails: ['server-client-leaves'], says: 'busy loop' },
    { file: 'server-one-client.py', commands: { server: 'python3 server-one-client.py' }, fails: ['server-sequential', 'server-quit'], says: 'instead of going back to accept()' },
    { file: 'server-decodes-strictly.py', commands: { server: 'python3 server-decodes-strictly.py' }, fails: ['server-survives-invalid-utf8'], says: 'UnicodeDecodeError' },
    { file: 'client-python2.py', commands: { client: 'python3 client-python2.py' }, fails: ['client-connects'], says: 'Python 2' },
    { file: 'client-sends-newline.py', commands: { client: 'python3 client-sends-newline.py' }, fails: ['client-sends-lines-prints-replies'], says: 'it added "\\n"' },
    { file: 'client-no-empty-line-check.py', commands: { client: 'python3 client-no-empty-line-check.py' }, fails: ['client-ends-on-empty-line'], says: 'did not end by itself' },
    { file: 'client-no-close-check.py', commands: { client: 'python3 client-no-close-check.py' }, fails: ['client-ends-when-server-closes'], says: 'asked for input again' },
  ],
  examples: {
    'time-chat-tutorial-style': { fails: { 'server-survives-invalid-utf8': ['bad-input', 'UnicodeDecodeError'] } },
  },
});
