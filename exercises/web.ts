import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { webChecks } from '../graders/web.js';

export const web = defineExercise({
  id: 'web',
  title: t('The simplest web server', '最简单的 Web 服务器'),
  source: { seed: '002 §最简单的web服务器', section: 'web server: accept, recv(1024) the browser\'s request, send <h1>welcome nginx</h1>, close, in a while True loop' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'web/server' },
  },
  summary: t(
    'The server accepts a browser, reads its HTTP request up to the blank line that ends it, answers with the page ' +
    '<h1>welcome nginx</h1> (the reference sends a proper HTTP/1.1 200 OK head with Content-Type and Content-Length; the ' +
    'tutorial sends the page alone, which browsers and curl refuse) and closes, then waits for the next one.',
    '服务器接受一个浏览器的连接，把它的 HTTP 请求一直读到结束请求的空行，用页面 <h1>welcome nginx</h1> 回答（参考实现会发送正确的 HTTP/1.1 200 OK 头部，带有 Content-Type 和 Content-Length；教程只发送页面本身，浏览器和 curl 都会拒绝），然后关闭连接，再等待下一个浏览器。',
  ),
  checks: webChecks,
});
