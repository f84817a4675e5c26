// The peer playing the server, for grading a client: listens on a kernel-chosen port (no race)
// and hands each accepted connection to the check as a TcpPeer.
import { createServer, type Server, type Socket } from 'node:net';
import { CheckFailure } from '../failure.js';
import { t } from '../i18n/text.js';
import { counterpartWord } from '../i18n/words.js';
import type { Transcript } from '../transcript.js';
import { TcpPeer } from './tcp-peer.js';

export class TcpListener {
  readonly #server: Server;
  readonly #pending: Socket[] = [];
  readonly #waiters: { take: (s: Socket) => void; cancel: () => void }[] = [];
  readonly #accepted: TcpPeer[] = [];
  #count = 0;

  private constructor(server: Server, readonly port: number, readonly host: string, private readonly transcript: Transcript, private readonly label: string) {
    this.#server = server;
    server.on('connection', (socket) => {
      const waiter = this.#waiters.shift();
      if (waiter) waiter.take(socket);
      else this.#pending.push(socket);
    });
  }

  static listen(transcript: Transcript, label = 'peer', host = '127.0.0.1'): Promise<TcpListener> {
    return new Promise((resolve, reject) => {
      const server = createServer({ allowHalfOpen: true, noDelay: true });
      server.once('error', reject);
      server.listen({ port: 0, host }, () => {
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        transcript.add(label, 'listen', `listening on ${host}:${port}`);
        resolve(new TcpListener(server, port, host, transcript, label));
      });
    });
  }

  /** Waits for the program to connect; fails if it has not within `timeoutMs`. */
  accept(timeoutMs: number, counterpart = 'your client'): Promise<TcpPeer> {
    const take = (socket: Socket) => {
      this.#count++;
      const label = this.#count === 1 ? this.label : `${this.label}#${this.#count}`;
      this.transcript.add(label, 'accept', `accepted a connection from port ${socket.remotePort}`);
      const peer = TcpPeer.fromSocket(socket, { label, counterpart, transcript: this.transcript });
      this.#accepted.push(peer);
      return peer;
    };
    const ready = this.#pending.shift();
    if (ready) return Promise.resolve(take(ready));
    return new Promise((resolve, reject) => {
      const giveUp = () => {
        clearTimeout(timer);
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        const who = counterpartWord(counterpart);
        const where = `${this.host}:${this.port}`;
        const within = `${(timeoutMs / 1000).toFixed(1)} s`;
        reject(new CheckFailure(t(`${who.en} never connected to ${where} within ${within}`, `${who.zh}在 ${within} 内一直没有连接到 ${where}`)));
      };
      const waiter = {
        take: (socket: Socket) => {
          clearTimeout(timer);
          resolve(take(socket));
        },
        cancel: giveUp,
      };
      const timer = setTimeout(giveUp, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  close(): void {
    for (const waiter of [...this.#waiters]) waiter.cancel();
    for (const peer of this.#accepted) peer.dispose();
    for (const socket of this.#pending) socket.destroy();
    this.#server.close();
  }
}
