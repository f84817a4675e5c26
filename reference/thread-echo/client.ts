// Reference thread-echo client (seed 001 §多线程与网络编程): sends every line the user types (without
// its newline) and prints whatever the server sends, whenever it arrives; the tutorial's two
// threads are Node's event loop here. `exit` is sent and ends the client; so does the server
// closing, and the end of standard input.
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { readAddress } from '../lib/address.js';

const PROMPT = '请输入要传输的内容：';
const { host, port } = readAddress();
let leaving = false;

function leave(code = 0): void {
  if (leaving) return;
  leaving = true;
  // Everything written is handed to the kernel before the exit closes the socket.
  socket.end(() => process.exit(code));
  setTimeout(() => process.exit(code), 1000).unref();
}

const socket = connect({ host, port }, () => {
  process.stdout.write(PROMPT);
  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', (line) => {
    if (leaving) return;
    socket.write(Buffer.from(line, 'utf8'));
    if (line === 'exit') {
      lines.close();
      leave();
      return;
    }
    process.stdout.write(PROMPT);
  });
  lines.on('close', () => leave());
});
socket.on('data', (chunk: Buffer) => {
  process.stdout.write(`\n从服务器接收的信息：${chunk.toString('utf8')}\n`);
});
socket.on('end', () => {
  if (leaving) return;
  process.stdout.write('\n服务器关闭了连接\n');
  leaving = true;
  socket.destroy();
  process.exit(0);
});
socket.on('error', (error) => {
  if (leaving) return;
  process.stderr.write(`connection failed: ${error.message}\n`);
  process.exit(1);
});
