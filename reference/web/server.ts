// Reference web server (EXERCISES.md § web): reads the request up to the blank line that ends its
// headers, answers with a proper HTTP/1.1 page and closes. Serves clients one after another, like
// the tutorial's `while True: accept()` loop (concurrently, as Node does, is also right).
import { createServer } from 'node:net';
import { readAddress } from '../lib/address.js';

const PAGE = Buffer.from('<h1>welcome nginx</h1>', 'utf8');
const ANSWER = Buffer.concat([
  Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${PAGE.length}\r\nConnection: close\r\n\r\n`, 'latin1'),
  PAGE,
]);
/** Headers end at a blank line; a recipient may accept a bare LF as a line end (RFC 9112 §2.2). */
const END_OF_HEADERS = /\r?\n\r?\n/;
/** A request head longer than this is not a browser's: drop the connection rather than buffer forever. */
const MAX_HEAD_BYTES = 1024 * 1024;

const { host, port } = readAddress();
const server = createServer({ allowHalfOpen: true }, (conn) => {
  let head = '';
  let answered = false;
  conn.on('data', (chunk: Buffer) => {
    // After the answer, whatever else comes is still read (and dropped): closing with unread
    // bytes would make the kernel reset the connection, and the client could lose the page.
    if (answered) return;
    head += chunk.toString('latin1');
    if (END_OF_HEADERS.test(head)) {
      answered = true;
      conn.end(ANSWER);
    } else if (head.length > MAX_HEAD_BYTES) {
      conn.destroy();
    }
  });
  // The client closed its side before its request was complete: nothing to answer.
  conn.on('end', () => {
    if (!answered) conn.end();
  });
  conn.on('error', () => conn.destroy());
});
server.listen(port, host);
