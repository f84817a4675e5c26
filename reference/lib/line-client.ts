// The tutorials' interactive client, done right: prompt, read a line from stdin, send it, wait for
// the whole reply, print it, again. End of input closes the connection; the server closing ends
// the client at once (even while it waits for the user).
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { readAddress } from './address.js';

export interface LineClientOptions {
  /** Printed (without a newline) before each line is read. */
  readonly prompt: string;
  /** What to print for an empty line, which is never sent (sending b'' sends nothing: no reply would come). */
  readonly emptyLineMessage?: string;
  /** How many bytes the whole reply to `sent` has. */
  replyLength(sent: Buffer): number;
}

/** Runs the client against --host/--port (or $HOST/$PORT) until end of input or the server closes. */
export function runLineClient(options: LineClientOptions): void {
  const { host, port } = readAddress();
  const socket: Socket = connect({ host, port });
  let pending: { length: number; resolve: (reply: Buffer) => void } | undefined;
  let buffered = Buffer.alloc(0);

  const deliver = () => {
    if (pending && buffered.length >= pending.length) {
      const reply = buffered.subarray(0, pending.length);
      buffered = buffered.subarray(pending.length);
      const { resolve } = pending;
      pending = undefined;
      resolve(reply);
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    deliver();
  });
  socket.on('end', () => {
    process.stdout.write('\nthe server closed the connection\n');
    process.exit(0);
  });
  socket.on('error', (error) => {
    process.stderr.write(`connection failed: ${error.message}\n`);
    process.exit(1);
  });

  socket.once('connect', async () => {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })[Symbol.asyncIterator]();
    for (;;) {
      process.stdout.write(options.prompt);
      const next = await lines.next();
      if (next.done) break;
      const line = next.value as string;
      if (line === '') {
        if (options.emptyLineMessage !== undefined) process.stdout.write(`${options.emptyLineMessage}\n`);
        continue;
      }
      const sent = Buffer.from(line, 'utf8');
      const reply = new Promise<Buffer>((resolve) => {
        pending = { length: options.replyLength(sent), resolve };
      });
      socket.write(sent);
      deliver();
      process.stdout.write(`${(await reply).toString('utf8')}\n`);
    }
    // End of input (Ctrl-D): done, whatever the server does next.
    process.stdout.write('\n');
    socket.destroy();
    process.exit(0);
  });
}
