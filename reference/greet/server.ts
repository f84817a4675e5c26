// Reference greet server: sends 成功连接到服务器 socket message to every client that connects,
// then closes; serves clients one after another, and a client that resets is only that client.
import { createServer } from 'node:net';
import { readAddress } from '../lib/address.js';

const GREETING = Buffer.from('成功连接到服务器 socket message', 'utf8');
const { host, port } = readAddress();
const server = createServer((conn) => {
  // A client that reset before we wrote: the write fails (EPIPE/ECONNRESET); drop that one.
  conn.on('error', () => conn.destroy());
  conn.end(GREETING);
});
server.listen(port, host, () => process.stdout.write('start Socket server\n'));
