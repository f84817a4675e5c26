// An interactive UDP client: prompts (no newline), sends each typed line as one datagram, waits
// for the reply with a timeout and sends the line again when it is lost, prints the reply.
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';
import { readAddress } from './address.js';

export interface UdpClientSpec {
  /** Written before each line, without a newline. */
  readonly prompt: string;
  /** Printed before each reply. */
  readonly label: string;
  /** Whether this line ends the client instead of being sent. */
  readonly ends: (line: string) => boolean;
}

/** How long one attempt waits for the reply, and how many attempts a line gets. */
const REPLY_TIMEOUT_MS = 1000;
const ATTEMPTS = 5;

export async function runUdpClient(spec: UdpClientSpec): Promise<void> {
  const { host, port } = readAddress();
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const inbox: Buffer[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', (data) => {
    inbox.push(data);
    wake?.();
  });
  socket.on('error', (error) => process.stderr.write(`${error.message}\n`));

  const nextReply = (timeoutMs: number): Promise<Buffer | undefined> => {
    const ready = inbox.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve(undefined);
      }, timeoutMs);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve(inbox.shift());
      };
    });
  };
  const send = (data: Buffer) => new Promise<void>((resolve) => socket.send(data, port, host, () => resolve()));

  const lines = createInterface({ input: process.stdin, terminal: false });
  process.stdout.write(spec.prompt);
  for await (const line of lines) {
    if (spec.ends(line)) break;
    // A late reply to an earlier line must not pass for the reply to this one.
    inbox.length = 0;
    const data = Buffer.from(line, 'utf8');
    let reply: Buffer | undefined;
    for (let attempt = 1; attempt <= ATTEMPTS && reply === undefined; attempt++) {
      await send(data);
      reply = await nextReply(REPLY_TIMEOUT_MS);
    }
    if (reply) process.stdout.write(`${spec.label}${reply.toString('utf8')}\n`);
    else process.stderr.write(`no reply from ${host}:${port} after ${ATTEMPTS} attempts\n`);
    process.stdout.write(spec.prompt);
  }
  lines.close();
  socket.close();
  // Standard input may still be open (the user has not pressed Ctrl-D): stop reading it.
  process.stdin.destroy();
}
