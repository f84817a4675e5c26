// Reference echo client: sends b'Hello, world', reads until all 12 bytes came back, prints them
// the way the tutorial's client does (Received b'Hello, world').
import { connect } from 'node:net';
import { readAddress } from '../lib/address.js';
import { formatPythonBytes } from '../lib/python-bytes.js';

const MESSAGE = Buffer.from('Hello, world');
const { host, port } = readAddress();
const chunks: Buffer[] = [];
let received = 0;
const socket = connect({ host, port }, () => socket.write(MESSAGE));
socket.on('data', (chunk: Buffer) => {
  chunks.push(chunk);
  received += chunk.length;
  if (received >= MESSAGE.length) {
    process.stdout.write(`Received ${formatPythonBytes(Buffer.concat(chunks))}\n`);
    // A full close, like the tutorial's close(): done, whatever the server does next.
    socket.destroy();
  }
});
socket.on('end', () => {
  if (received < MESSAGE.length) {
    process.stderr.write(`the server closed the connection after ${received} of ${MESSAGE.length} bytes\n`);
    process.exitCode = 1;
  }
  socket.destroy();
});
socket.on('error', (error) => {
  process.stderr.write(`connection failed: ${error.message}\n`);
  process.exitCode = 1;
});
