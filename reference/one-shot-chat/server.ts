// Reference one-shot chat server: for each client, reads one message (one read), answers
// 不要回答,不要回答,不要回答 and closes. A client that sends nothing and closes gets no answer;
// a client that resets is only that client. Serves clients one after another.
import { createServer } from 'node:net';
import { readAddress } from '../lib/address.js';

const REPLY = Buffer.from('不要回答,不要回答,不要回答', 'utf8');
const { host, port } = readAddress();
const server = createServer({ allowHalfOpen: true }, (conn) => {
  let answered = false;
  conn.on('data', (message: Buffer) => {
    if (answered) return; // one message per client; later bytes are read and ignored
    answered = true;
    process.stdout.write(`${message.toString('utf8')}\n`);
    conn.end(REPLY);
  });
  // recv() returned b'' before any message: the client left; close our side too.
  conn.on('end', () => {
    if (!answered) conn.end();
  });
  conn.on('error', () => conn.destroy());
});
server.listen(port, host, () => process.stdout.write('server waiting...\n'));
