// Reference file-transfer client (seed 001 §使用Socket发送图片): reads the size the server sends,
// sends the acknowledgement, receives exactly that many bytes into python1.jpg and prints 传输完毕.
// The size has no terminator: it is complete once the server has been quiet for QUIET_MS (it waits
// for our acknowledgement), or at a newline (a server that frames it). A server that closes before
// the whole file arrived is an error: exit status 1 and no 传输完毕.
import { connect } from 'node:net';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readAddress } from '../lib/address.js';
import { formatPythonBytes } from '../lib/python-bytes.js';

const ACK = Buffer.from('Ready to recv file');
const FILE = 'python1.jpg';
/** Longer than the gaps a size split in two pieces may have (EXERCISES.md: up to 100 ms). */
const QUIET_MS = 200;

const { host, port } = readAddress();
const socket = connect({ host, port });
let header = Buffer.alloc(0);
let quiet: NodeJS.Timeout | undefined;
let size = -1;
let received = 0;
let out: WriteStream | undefined;

function failWith(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
  clearTimeout(quiet);
  out?.end();
  socket.destroy();
}

function finish(): void {
  socket.pause();
  out!.end(() => {
    process.stdout.write('传输完毕\n');
    socket.destroy();
  });
}

/** Header text, and whether it is complete: a newline ends it, and so does a byte no size has. */
function parseHeader(data: Buffer): { complete: boolean; size?: number; length?: number } {
  const text = data.toString('latin1');
  const match = /^[ \t]*(\d+)[ \t]*(\r?\n)?/.exec(text);
  const ended = match !== null && (match[2] !== undefined || match[0].length < text.length);
  if (!ended) return { complete: false };
  return { complete: true, size: Number(match![1]), length: match![0].length };
}

function startFile(length: number): void {
  clearTimeout(quiet);
  const text = header.subarray(0, length).toString('latin1').trim();
  if (!/^\d+$/.test(text)) return failWith(`the server sent ${formatPythonBytes(header.subarray(0, 64))} instead of a size`);
  size = Number(text);
  process.stdout.write(`图片大小： ${size}\n`);
  out = createWriteStream(FILE);
  const rest = header.subarray(length);
  header = Buffer.alloc(0);
  socket.write(ACK, () => {
    if (size === 0) finish();
  });
  if (rest.length > 0) onFileData(rest);
}

function onFileData(chunk: Buffer): void {
  if (received >= size) return;
  const piece = chunk.subarray(0, size - received);
  received += piece.length;
  if (!out!.write(piece)) {
    socket.pause();
    out!.once('drain', () => socket.resume());
  }
  if (received === size) finish();
}

socket.on('data', (chunk: Buffer) => {
  if (size >= 0) return onFileData(chunk);
  header = Buffer.concat([header, chunk]);
  const parsed = parseHeader(header);
  if (parsed.complete) return startFile(parsed.length!);
  if (header.length > 64) return failWith(`the server sent ${formatPythonBytes(header.subarray(0, 64))}… instead of a size`);
  clearTimeout(quiet);
  quiet = setTimeout(() => startFile(header.length), QUIET_MS);
});
socket.on('end', () => {
  if (size < 0) failWith(`the server closed the connection before sending the size (got ${formatPythonBytes(header)})`);
  else if (received < size) failWith(`the server closed the connection after ${received} of ${size} bytes`);
  else socket.destroy();
});
socket.on('error', (error) => failWith(`connection failed: ${error.message}`));
