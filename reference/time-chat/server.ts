// Reference time-chat server (seed 001 §TCP聊天室): answers every message with 服务器当前时间= and
// the local time as time.ctime() prints it. `quit` (the whole message) or the client closing its
// side ends that client only, without an answer; the server goes on accepting clients.
// Messages are bytes: one that is not UTF-8 is answered like any other.
import { createServer } from 'node:net';
import { readAddress } from '../lib/address.js';
import { formatCtime } from '../lib/ctime.js';

const QUIT = Buffer.from('quit');
const { host, port } = readAddress();
const server = createServer({ allowHalfOpen: true }, (conn) => {
  const onData = (message: Buffer) => {
    if (message.equals(QUIT)) {
      conn.off('data', onData);
      conn.destroySoon();
      return;
    }
    conn.write(Buffer.from(`服务器当前时间=${formatCtime(new Date())}`, 'utf8'));
  };
  conn.on('data', onData);
  // recv() returned b'': the client has left; close without answering.
  conn.on('end', () => conn.destroySoon());
  conn.on('error', () => conn.destroy());
});
server.listen(port, host);
