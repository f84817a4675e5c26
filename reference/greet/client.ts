// Reference greet client: reads until the server closes, decodes the whole message once, and
// prints client receive message=<message>, like the tutorial's client.
import { connect } from 'node:net';
import { readAddress } from '../lib/address.js';

const { host, port } = readAddress();
const chunks: Buffer[] = [];
const socket = connect({ host, port });
socket.on('data', (chunk: Buffer) => chunks.push(chunk));
socket.on('end', () => {
  // Decoded once, at the end: a character split across two reads is whole again here.
  process.stdout.write(`client receive message=${Buffer.concat(chunks).toString('utf8')}\n`);
  socket.destroy();
});
socket.on('error', (error) => {
  process.stderr.write(`connection failed: ${error.message}\n`);
  process.exitCode = 1;
});
