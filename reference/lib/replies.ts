// What a reference client receives from the server, taken as the tutorials' recv() takes it.
import type { Socket } from 'node:net';

export interface ReplyReader {
  /**
   * Waits until the bytes received since the last reply satisfy `complete` (by default: any
   * byte, like one recv(1024)) and returns them; undefined once the server has closed.
   */
  next(complete?: (data: Buffer) => boolean): Promise<Buffer | undefined>;
  /** Resolves when the server has closed its side. */
  readonly closed: Promise<void>;
}

export function readReplies(socket: Socket): ReplyReader {
  let pending = Buffer.alloc(0);
  let ended = false;
  let wake: (() => void) | undefined;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    wake?.();
  });
  const end = () => {
    ended = true;
    markClosed();
    wake?.();
  };
  socket.on('end', end);
  socket.on('close', end);
  socket.on('error', end);
  return {
    closed,
    async next(complete = (data) => data.length > 0) {
      while (!complete(pending) && !ended) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (!complete(pending)) return undefined;
      const reply = pending;
      pending = Buffer.alloc(0);
      return reply;
    },
  };
}
