// Reference thread-echo server (seed 001 §多线程与网络编程): serves every client at once (Node's
// event loop plays the tutorial's thread per client) and echoes each message. A message that is
// exactly `quit`, or the client closing its side, closes that client's connection only.
import { createServer } from 'node:net';
import { readAddress } from '../lib/address.js';

const QUIT = Buffer.from('quit');
const { host, port } = readAddress();
const server = createServer({ allowHalfOpen: true }, (conn) => {
  conn.on('data', (chunk: Buffer) => {
    // One recv() is one message, as in the tutorial: `quit` closes without an echo.
    if (chunk.equals(QUIT)) conn.end();
    else conn.write(chunk);
  });
  conn.on('end', () => conn.end());
  conn.on('error', () => conn.destroy());
});
// Tens of clients may connect in a burst: a backlog that never refuses them.
server.listen({ port, host, backlog: 128 });
