// Reference threading-menu server (seed 002 §ThreadingTCPServer): greets every client with
// 我是多线程 as soon as it connects, then answers each message: `exit` ends the conversation
// (no answer), `0` gets 您输入的是0, anything else (any bytes, valid UTF-8 or not) 请重新输入. .
// Every client is served at once, like ThreadingTCPServer's thread per client.
import { createServer } from 'node:net';
import { readAddress } from '../lib/address.js';

const WELCOME = Buffer.from('我是多线程');
const ZERO = Buffer.from('您输入的是0');
const AGAIN = Buffer.from('请重新输入.');
const { host, port } = readAddress();
const server = createServer({ allowHalfOpen: true }, (conn) => {
  conn.write(WELCOME);
  conn.on('data', (chunk: Buffer) => {
    // One recv() is one message, compared as bytes (as data == b'exit' does).
    if (chunk.equals(Buffer.from('exit'))) conn.end();
    else if (chunk.equals(Buffer.from('0'))) conn.write(ZERO);
    else conn.write(AGAIN);
  });
  // recv() returned b'': the conversation is over.
  conn.on('end', () => conn.end());
  conn.on('error', () => conn.destroy());
});
server.listen({ port, host, backlog: 128 });
