// Reference ack server: answers every message with `server received you message.` (the
// tutorial's wording, typo included), whatever its bytes; closes a conversation when the client
// leaves and serves the next client.
import { createServer } from 'node:net';
import { readAddress } from '../lib/address.js';

const ACK = Buffer.from('server received you message.');

const { host, port } = readAddress();
const server = createServer({ allowHalfOpen: true }, (conn) => {
  // One reply per recv(), as the tutorial's server does: the client sends one message and waits.
  conn.on('data', () => conn.write(ACK));
  // The client has gone (recv() would return b''): close this conversation, keep serving others.
  conn.on('end', () => conn.end());
  conn.on('error', () => conn.destroy());
});
server.listen(port, host);
