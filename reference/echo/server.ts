// Reference echo server: echoes every byte back until the client closes its side, then closes.
// Serves clients one after another (the tutorial serves one; more is also right).
import { createServer } from 'node:net';
import { readAddress } from '../lib/address.js';

const { host, port } = readAddress();
const server = createServer({ allowHalfOpen: true }, (conn) => {
  conn.on('data', (chunk) => conn.write(chunk));
  // The client shut down writing (recv() would return b''): finish sending, then close.
  conn.on('end', () => conn.end());
  conn.on('error', () => conn.destroy());
});
server.listen(port, host);
