// Reference one-shot chat client: sends yaoyao, reads the answer until the server closes,
// decodes it once and prints it, like the tutorial's client.
import { connect } from 'node:net';
import { readAddress } from '../lib/address.js';

const MESSAGE = Buffer.from('yaoyao', 'utf8');
const { host, port } = readAddress();
const chunks: Buffer[] = [];
const socket = connect({ host, port }, () => socket.write(MESSAGE));
socket.on('data', (chunk: Buffer) => chunks.push(chunk));
socket.on('end', () => {
  process.stdout.write(`${Buffer.concat(chunks).toString('utf8')}\n`);
  socket.destroy();
});
socket.on('error', (error) => {
  process.stderr.write(`connection failed: ${error.message}\n`);
  process.exitCode = 1;
});
