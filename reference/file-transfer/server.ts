// Reference file-transfer server (seed 001 §使用Socket发送图片): for each client, sends the size of
// python.jpg (in its working directory) as decimal text, waits until the whole 18-byte
// acknowledgement has arrived (in however many pieces), streams the file and closes. A client that
// leaves early ends only its own conversation; clients are served concurrently.
import { createServer, type Socket } from 'node:net';
import { createReadStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { readAddress } from '../lib/address.js';
import { formatPythonBytes } from '../lib/python-bytes.js';

const FILE = 'python.jpg';
const ACK = Buffer.from('Ready to recv file');
const { host, port } = readAddress();

function serve(conn: Socket): void {
  conn.on('error', () => conn.destroy());
  let size: number;
  try {
    size = statSync(FILE).size;
  } catch (error) {
    process.stderr.write(`cannot read ${FILE}: ${(error as Error).message}\n`);
    conn.destroy();
    return;
  }
  conn.write(String(size));
  let ack = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    ack = Buffer.concat([ack, chunk]);
    if (ack.length < ACK.length) return;
    conn.off('data', onData);
    conn.off('end', onEnd);
    if (!ack.subarray(0, ACK.length).equals(ACK)) {
      process.stderr.write(`expected the acknowledgement ${formatPythonBytes(ACK)}, got ${formatPythonBytes(ack)}; closing\n`);
      conn.destroy();
      return;
    }
    // Whatever the client sends after the acknowledgement is not part of the protocol: ignored.
    conn.resume();
    pipeline(createReadStream(FILE), conn, () => conn.destroy());
  };
  // The client left before acknowledging (its side ended): nothing to send.
  const onEnd = () => conn.destroy();
  conn.on('data', onData);
  conn.on('end', onEnd);
}

createServer(serve).listen(port, host);
