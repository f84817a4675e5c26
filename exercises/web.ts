import { defineExercise } from './schema.js';
import { webChecks } from '../graders/web.js';

export const web = defineExercise({
  id: 'web',
  title: 'The simplest web server',
  source: { seed: '002 §最简单的web服务器', section: 'web server: accept, recv(1024) the browser\'s request, send <h1>welcome nginx</h1>, close, in a while True loop' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'web/server' },
  },
  summary:
    'The server accepts a browser, reads its HTTP request up to the blank line that ends it, answers with the page ' +
    '<h1>welcome nginx</h1> (the reference sends a proper HTTP/1.1 200 OK head with Content-Type and Content-Length; the ' +
    'tutorial sends the page alone, which browsers and curl refuse) and closes, then waits for the next one.',
  checks: webChecks,
});
