// Reference threading-menu client (seed 002 §ThreadingTCPServer): in turn, receives and prints
// `receive: <text>`, prompts `please input:`, sends the typed line (without its newline); stops
// after sending `exit`, when the server closes, or at the end of standard input.
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { readAddress } from '../lib/address.js';

const { host, port } = readAddress();
const socket = connect({ host, port });
const lines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();

// What the server sends, one recv() at a time: a chunk, or null once it has closed.
const arrived: (Buffer | null)[] = [];
let wake: (() => void) | undefined;
const push = (item: Buffer | null) => {
  arrived.push(item);
  wake?.();
};
socket.on('data', (chunk: Buffer) => push(chunk));
socket.on('end', () => push(null));
socket.on('error', (error) => {
  process.stderr.write(`connection failed: ${error.message}\n`);
  process.exit(1);
});

async function receive(): Promise<Buffer | null> {
  while (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
  return arrived.shift()!;
}

function finish(): void {
  socket.end(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}

for (;;) {
  const data = await receive();
  if (data === null) {
    process.stdout.write('the server closed the connection\n');
    finish();
    break;
  }
  process.stdout.write(`receive: ${data.toString('utf8')}\n`);
  process.stdout.write('please input:');
  const line = await lines.next();
  if (line.done) {
    finish();
    break;
  }
  socket.write(Buffer.from(line.value, 'utf8'));
  if (line.value === 'exit') {
    finish();
    break;
  }
}
