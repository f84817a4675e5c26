// Small Node peers for the shim tests: each bounded in time, each closed by `closeAll`.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket, type RemoteInfo } from 'node:dgram';

const closers: (() => void)[] = [];

export function closeAll(): void {
  for (const close of closers.splice(0)) close();
}

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)))]).finally(() => clearTimeout(timer));
}

/** Connects, sends `data`, half-closes and returns everything received until the program closes. */
export function exchange(port: number, data: string | Buffer, host = '127.0.0.1', ms = 5000): Promise<Buffer> {
  return bounded(new Promise<Buffer>((resolve, reject) => {
    const socket = createConnection({ host, port, allowHalfOpen: true });
    closers.push(() => socket.destroy());
    const chunks: Buffer[] = [];
    socket.on('connect', () => socket.end(data));
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  }), ms, `exchange with ${host}:${port}`);
}

export interface Listener {
  readonly port: number;
  /** Resolves with the n-th accepted connection (0-based). */
  connection(n: number, ms?: number): Promise<Socket>;
}

/** A TCP listener on IPv4 loopback that records every connection. */
export function listen(): Promise<Listener> {
  return new Promise((resolve) => {
    const sockets: Socket[] = [];
    const waiters: (() => void)[] = [];
    const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
      sockets.push(socket);
      for (const wake of waiters.splice(0)) wake();
    });
    closers.push(() => {
      for (const s of sockets) s.destroy();
      server.close();
    });
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const connection = (n: number, ms = 5000) =>
        bounded(new Promise<Socket>((res) => {
          const check = () => (sockets[n] ? res(sockets[n]!) : waiters.push(check));
          check();
        }), ms, `connection #${n + 1} on port ${port}`);
      resolve({ port, connection });
    });
  });
}

/** Reads from a socket until `length` bytes came or it ended. */
export function readBytes(socket: Socket, length: number, ms = 5000): Promise<Buffer> {
  return bounded(new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks));
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size >= length) done();
    });
    socket.on('end', done);
  }), ms, `reading ${length} bytes`);
}

export interface Datagram {
  readonly data: Buffer;
  readonly from: RemoteInfo;
}

/** A UDP socket on IPv4 loopback (a fixed port when given) that queues what it receives. */
export function udp(port = 0): Promise<{ socket: UdpSocket; port: number; next(ms?: number): Promise<Datagram> }> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    closers.push(() => socket.close());
    const queue: Datagram[] = [];
    const waiters: (() => void)[] = [];
    socket.on('message', (data, from) => {
      queue.push({ data, from });
      for (const wake of waiters.splice(0)) wake();
    });
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      const next = (ms = 5000) =>
        bounded(new Promise<Datagram>((res) => {
          const check = () => (queue.length ? res(queue.shift()!) : waiters.push(check));
          check();
        }), ms, 'a datagram');
      resolve({ socket, port: socket.address().port, next });
    });
  });
}
