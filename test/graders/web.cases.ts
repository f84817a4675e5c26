// The web exercise's right programs, mutants and examples (see test/helpers/cases.ts). Verdicts
// do not depend on whether curl or Chromium is installed: without them the same bugs fail through
// Node's HTTP client and the Content-Type a browser follows (test/graders/web.test.ts shows both).
import { defineCases, FULL_MARKS } from '../helpers/cases.js';

export default defineCases({
  exercise: 'web',
  right: [
    { name: 'a tutorial-style server that reads to the blank line and answers HTTP/1.1', commands: { server: 'python3 server-good.py' } },
    { name: "a server built on the standard library's http.server", commands: { server: 'python3 server-http-server.py' } },
  ],
  mutants: [
    { file: 'server-python2.py', commands: { server: 'python3 server-python2.py' }, fails: ['server-starts'], says: 'Python 2' },
    { file: 'server-reads-until-eof.py', commands: { server: 'python3 server-reads-until-eof.py' }, fails: ['server-answers-page'], says: 'it waits for more' },
    { file: 'server-no-close.py', commands: { server: 'python3 server-no-close.py' }, fails: ['server-answers-page'], says: 'kept the connection open' },
    { file: 'server-body-only.py', commands: { server: 'python3 server-body-only.py' }, fails: ['server-speaks-http'], says: 'HTTP/0.9' },
    { file: 'server-lf-only.py', commands: { server: 'python3 server-lf-only.py' }, fails: ['server-speaks-http'], says: 'ends with \\n alone' },
    { file: 'server-text-plain.py', commands: { server: 'python3 server-text-plain.py' }, fails: ['server-browser-shows-page'], says: 'text/plain' },
    { file: 'server-checks-last-chunk.py', commands: { server: 'python3 server-checks-last-chunk.py' }, fails: ['server-reads-split-request'], says: 'it waits for more' },
    { file: 'server-single-recv.py', commands: { server: 'python3 server-single-recv.py' }, fails: ['server-reads-long-request'], says: 'reset the connection (RST)' },
    { file: 'server-serves-once.py', commands: { server: 'python3 server-serves-once.py' }, fails: ['server-serves-second-client'], says: 'ended after the first visitor' },
  ],
  examples: {
    'web-correct': FULL_MARKS,
    'web-tutorial-style': {
      fails: {
        'server-speaks-http': ['http', 'HTTP/0.9'],
        'server-reads-long-request': ['oversize', 'reset the connection (RST)'],
      },
    },
  },
});
