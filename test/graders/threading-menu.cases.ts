// The threading-menu exercise's right programs, mutants and examples (see test/helpers/cases.ts).
import { defineCases } from '../helpers/cases.js';

export default defineCases({
  exercise: 'threading-menu',
  right: [
    { name: "the tutorial's ThreadingTCPServer ported to Python 3, comparing bytes", commands: { server: 'python3 server-good.py' } },
    { name: 'a plain-socket server with a thread per client, decoding with errors=replace', commands: { server: 'python3 server-threads.py' } },
    { name: "the tutorial's client ported to Python 3, ending when the server closes", commands: { client: 'python3 client-good.py' } },
  ],
  mutants: [
    // Pairs, graded in pair mode (docs/pair-mode.md): often both share the bug and only a fault shows it.
    { file: 'server-echoes-choice.py', commands: { server: 'python3 server-echoes-choice.py', client: 'python3 client-good.py' }, fails: ['pair-clean'], says: 'the reference server sends' },
    { file: 'server-python2.py', commands: { server: 'python3 server-python2.py' }, fails: ['server-starts'], says: "No module named 'SocketServer'" },
    { file: 'server-no-greeting.py', commands: { server: 'python3 server-no-greeting.py' }, fails: ['server-greets'], says: 'the server sent nothing' },
    { file: 'server-compares-str.py', commands: { server: 'python3 server-compares-str.py' }, fails: ['server-exit', 'server-answers-menu'], says: "data == 'exit' compares bytes with str" },
    { file: 'server-echoes-choice.py', commands: { server: 'python3 server-echoes-choice.py' }, fails: ['server-answers-menu'], says: 'the answer to it is "请重新输入."' },
    { file: 'server-no-empty-check.py', commands: { server: 'python3 server-no-empty-check.py' }, fails: ['server-peer-leaves'], says: 'times and went on' },
    { file: 'server-tcpserver.py', commands: { server: 'python3 server-tcpserver.py' }, fails: ['server-concurrent-clients'], says: 'the second client got no answer while the first was still connected: its connection was not accept()ed while the server sat idle; once the first left, it got its answer at once: the server serves one client at a time' },
    { file: 'server-decodes-strict.py', commands: { server: 'python3 server-decodes-strict.py' }, fails: ['server-invalid-utf8'], says: 'crashed with UnicodeDecodeError' },
    { file: 'client-python2.py', commands: { client: 'python3 client-python2.py' }, fails: ['client-connects'], says: 'Python 2' },
    { file: 'client-sends-str.py', commands: { client: 'python3 client-sends-str.py' }, fails: ['client-prints-and-sends'], says: "a bytes-like object is required, not 'str'" },
    { file: 'client-compares-bytes.py', commands: { client: 'python3 client-compares-bytes.py' }, fails: ['client-exit'], says: 'waiting for something' },
    { file: 'client-no-empty-check.py', commands: { client: 'python3 client-no-empty-check.py' }, fails: ['client-server-closes'], says: 'waiting for the user to type (input())' },
  ],
  examples: {
    'threading-menu-tutorial-style': {
      fails: {
        'server-answers-menu': ['basic', 'the answer to it is "您输入的是0"'],
        'server-exit': ['quit', "data == 'exit' compares bytes with str"],
        'server-peer-leaves': ['empty-recv', 'times and went on'],
        'client-server-closes': ['empty-recv', 'waiting for the user to type (input())'],
      },
    },
  },
});
