// A transparent TCP proxy that records what crosses it, so a submission paired with the reference
// can be compared byte for byte with the reference paired with itself. Half-closes pass through
// (a FIN on one leg becomes a FIN on the other) and so do resets.
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Address } from '../address.js';
import type { Transcript } from '../transcript.js';
import { classifyEnd, type CloseKind } from './close-kind.js';

export interface ProxiedConnection {
  /** Bytes from the client to the server. */
  toServer: Buffer[];
  /** Bytes from the server to the client. */
  toClient: Buffer[];
  serverClosed?: CloseKind;
  clientClosed?: CloseKind;
}

export interface WireRecord {
  readonly connections: readonly { readonly toServer: Buffer; readonly toClient: Buffer; readonly serverClosed?: CloseKind; readonly clientClosed?: CloseKind }[];
}

export class RecordingProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #connections: ProxiedConnection[] = [];
  #onConnection: (() => void)[] = [];

  private constructor(server: Server, readonly port: number) {
    this.#server = server;
  }

  /** Starts a proxy on a kernel-chosen loopback port forwarding to `target`. */
  static start(target: Address, transcript: Transcript, labels: { client: string; server: string }): Promise<RecordingProxy> {
    return new Promise((resolve, reject) => {
      let proxy: RecordingProxy;
      const server = createServer({ allowHalfOpen: true, noDelay: true }, (fromClient) => {
        const record: ProxiedConnection = { toServer: [], toClient: [] };
        proxy.#connections.push(record);
        proxy.#sockets.add(fromClient);
        for (const wake of proxy.#onConnection.splice(0)) wake();
        const toServer = connect({ host: target.host, port: target.port, allowHalfOpen: true, noDelay: true });
        proxy.#sockets.add(toServer);
        transcript.add(labels.client, 'connect', `connected to ${labels.server}`);
        const pipe = (from: Socket, to: Socket, chunks: Buffer[], actor: string, side: 'client' | 'server') => {
          // Node forgets the remote port once our side has ended; remember both while we can.
          let ports = { local: from.localPort ?? 0, remote: from.remotePort ?? 0 };
          from.once('connect', () => {
            ports = { local: from.localPort ?? 0, remote: from.remotePort ?? 0 };
          });
          from.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            transcript.addData(actor, 'send', chunk);
            if (!to.destroyed) to.write(chunk);
          });
          from.on('end', () => {
            const kind = classifyEnd(ports.local, ports.remote);
            if (side === 'client') record.clientClosed ??= kind;
            else record.serverClosed ??= kind;
            transcript.add(actor, kind === 'reset' ? 'reset' : 'fin', kind === 'reset' ? 'reset the connection' : 'closed its side (FIN)');
            if (kind === 'reset') to.resetAndDestroy();
            else to.end();
          });
          from.on('error', () => {
            if (side === 'client') record.clientClosed ??= 'reset';
            else record.serverClosed ??= 'reset';
            if (!to.destroyed) to.resetAndDestroy();
          });
        };
        pipe(fromClient, toServer, record.toServer, labels.client, 'client');
        pipe(toServer, fromClient, record.toClient, labels.server, 'server');
      });
      server.once('error', reject);
      server.listen({ port: 0, host: '127.0.0.1' }, () => {
        const address = server.address();
        proxy = new RecordingProxy(server, typeof address === 'object' && address ? address.port : 0);
        resolve(proxy);
      });
    });
  }

  /** What crossed the proxy so far, one entry per connection. */
  record(): WireRecord {
    return {
      connections: this.#connections.map((c) => ({
        toServer: Buffer.concat(c.toServer),
        toClient: Buffer.concat(c.toClient),
        ...(c.serverClosed ? { serverClosed: c.serverClosed } : {}),
        ...(c.clientClosed ? { clientClosed: c.clientClosed } : {}),
      })),
    };
  }

  /** Resolves true once a client has connected through the proxy, false after `timeoutMs`. */
  waitConnection(timeoutMs: number): Promise<boolean> {
    if (this.#connections.length) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#onConnection = this.#onConnection.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      this.#onConnection.push(wake);
    });
  }

  /** Waits (bounded) until every client connection has closed its side, so the record is complete. */
  async waitClientsClosed(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.#connections.some((c) => c.clientClosed === undefined) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  close(): void {
    for (const s of this.#sockets) s.destroy();
    this.#server.close();
  }
}
