// A TCP proxy that records what crosses it and, when given faults, applies them: one link fault
// per direction (harness/net/faults/link.ts), carried out chunk by chunk at the exact point in the
// stream it names, each recorded as a `fault` event where it happened. Without faults it is
// transparent, so a submission paired with the reference can be compared byte for byte with the
// reference paired with itself.
//
// Half-closes pass through whatever the faults: a FIN on one leg becomes a FIN on the other leg
// of the same direction only, after every byte still queued for it, and the other direction keeps
// flowing (common proxy tools close both ways on one side's FIN; a client that shuts down writing
// and reads to EOF would lose its answer). Resets pass through as resets.
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Address } from '../address.js';
import type { Transcript } from '../transcript.js';
import { classifyEnd, isConsumedByPeer, type CloseKind } from './close-kind.js';
import { hasProcFs } from '../process/proc.js';
import { createLinkState, planChunk, type LinkFault } from './faults/link.js';
import type { PeerAction } from './faults/fault.js';

export interface ProxiedConnection {
  /** Bytes from the client to the server, as the client sent them. */
  toServer: Buffer[];
  /** Bytes from the server to the client, as the server sent them. */
  toClient: Buffer[];
  /** Bytes the proxy delivered to the server, kept only when a fault shapes that direction (else `toServer`). */
  serverReceived: Buffer[];
  /** Bytes the proxy delivered to the client, kept only when a fault shapes that direction (else `toClient`). */
  clientReceived: Buffer[];
  serverClosed?: CloseKind;
  clientClosed?: CloseKind;
  /** The fault that cut or reset this connection on purpose. */
  cutBy?: string;
}

export interface WireConnection {
  readonly toServer: Buffer;
  readonly toClient: Buffer;
  readonly serverReceived: Buffer;
  readonly clientReceived: Buffer;
  readonly serverClosed?: CloseKind;
  readonly clientClosed?: CloseKind;
  readonly cutBy?: string;
}

export interface WireRecord {
  readonly connections: readonly WireConnection[];
}

/** Faults for each direction of every connection through the proxy. */
export interface ProxyFaults {
  readonly toServer?: LinkFault;
  readonly toClient?: LinkFault;
  /** How long a slicing fault waits for the receiver to read a piece before sending on anyway. */
  readonly consumeBoundMs?: number;
}

const DEFAULT_CONSUME_BOUND_MS = 3000;
/** Without /proc, a piece is followed by the next after this gap instead (it may be read together). */
const FALLBACK_GAP_MS = 50;

export class RecordingProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #connections: ProxiedConnection[] = [];
  readonly #links: Link[] = [];
  #onConnection: (() => void)[] = [];

  readonly #faults: ProxyFaults;

  private constructor(server: Server, readonly port: number, faults: ProxyFaults) {
    this.#server = server;
    this.#faults = faults;
  }

  /** Starts a proxy on a kernel-chosen loopback port forwarding to `target`, applying `faults` if given. */
  static start(target: Address, transcript: Transcript, labels: { client: string; server: string }, faults: ProxyFaults = {}): Promise<RecordingProxy> {
    return new Promise((resolve, reject) => {
      let proxy: RecordingProxy;
      const server = createServer({ allowHalfOpen: true, noDelay: true }, (fromClient) => {
        const record: ProxiedConnection = { toServer: [], toClient: [], serverReceived: [], clientReceived: [] };
        proxy.#connections.push(record);
        proxy.#sockets.add(fromClient);
        for (const wake of proxy.#onConnection.splice(0)) wake();
        const toServer = connect({ host: target.host, port: target.port, allowHalfOpen: true, noDelay: true });
        proxy.#sockets.add(toServer);
        transcript.add(labels.client, 'connect', `connected to ${labels.server}`);
        const link = new Link(record, fromClient, toServer, transcript, labels, faults);
        proxy.#links.push(link);
        link.pipe('toServer');
        link.pipe('toClient');
      });
      server.once('error', reject);
      server.listen({ port: 0, host: '127.0.0.1' }, () => {
        const address = server.address();
        proxy = new RecordingProxy(server, typeof address === 'object' && address ? address.port : 0, faults);
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
        // Unshaped, a direction delivers what was sent: kept once, so a large transfer costs no second copy.
        serverReceived: Buffer.concat(this.#faults.toServer ? c.serverReceived : c.toServer),
        clientReceived: Buffer.concat(this.#faults.toClient ? c.clientReceived : c.toClient),
        ...(c.serverClosed ? { serverClosed: c.serverClosed } : {}),
        ...(c.clientClosed ? { clientClosed: c.clientClosed } : {}),
        ...(c.cutBy ? { cutBy: c.cutBy } : {}),
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
    while (this.#connections.some((c) => c.clientClosed === undefined && c.cutBy === undefined) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /**
   * Waits (bounded) until nothing is queued in the proxy for a moment: bytes a fault holds back
   * (latency, a stall) are delivered, so the record says what the programs finally got.
   */
  async waitIdle(timeoutMs: number, quietMs = 20): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let quietSince = performance.now();
    while (performance.now() < deadline) {
      if (this.#links.some((l) => l.busy)) quietSince = performance.now();
      else if (performance.now() - quietSince >= quietMs) return;
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  close(): void {
    for (const s of this.#sockets) s.destroy();
    this.#server.close();
  }
}

type Direction = 'toServer' | 'toClient';

/** One proxied connection: two legs per direction, each direction with its own queue and fault. */
class Link {
  /** Each direction's actions run in order, one chunk after another. */
  readonly #queue: Record<Direction, Promise<void>> = { toServer: Promise.resolve(), toClient: Promise.resolve() };
  readonly #state = { toServer: createLinkState(), toClient: createLinkState() };
  /** Bytes delivered so far per direction, for the transcript's "at byte N". */
  readonly #delivered = { toServer: 0, toClient: 0 };
  #cut = false;
  /** Steps queued and not yet done, both directions. */
  #pending = 0;

  readonly #closes = new Map<Socket, Promise<void>>();

  /** Resolves when `socket` has closed (one listener per socket, however many writes wait on it). */
  #closed(socket: Socket): Promise<void> {
    let closed = this.#closes.get(socket);
    if (!closed) {
      closed = socket.destroyed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
      this.#closes.set(socket, closed);
    }
    return closed;
  }

  get busy(): boolean {
    return this.#pending > 0;
  }

  constructor(
    private readonly record: ProxiedConnection,
    private readonly client: Socket,
    private readonly server: Socket,
    private readonly transcript: Transcript,
    private readonly labels: { client: string; server: string },
    private readonly faults: ProxyFaults,
  ) {}

  pipe(direction: Direction): void {
    const [from, to] = direction === 'toServer' ? [this.client, this.server] : [this.server, this.client];
    const actor = direction === 'toServer' ? this.labels.client : this.labels.server;
    const side = direction === 'toServer' ? 'client' : 'server';
    const fault = this.faults[direction];
    // Node forgets the remote port once our side has ended; remember both while we can.
    let ports = { local: from.localPort ?? 0, remote: from.remotePort ?? 0 };
    from.once('connect', () => {
      ports = { local: from.localPort ?? 0, remote: from.remotePort ?? 0 };
    });
    from.on('data', (chunk: Buffer) => {
      if (this.#cut) return;
      this.record[direction].push(chunk);
      this.transcript.addData(actor, 'send', chunk);
      const actions = planChunk(fault, chunk, this.#state[direction]);
      this.#enqueue(direction, () => this.#perform(direction, to, actions, fault));
    });
    from.on('end', () => {
      const kind = classifyEnd(ports.local, ports.remote);
      if (side === 'client') this.record.clientClosed ??= kind;
      else this.record.serverClosed ??= kind;
      if (this.#cut) return;
      this.transcript.add(actor, kind === 'reset' ? 'reset' : 'fin', kind === 'reset' ? 'reset the connection' : 'closed its side (FIN)');
      // Only this direction ends, and only after what is still queued for it: on a real path the
      // bytes sent before a FIN or an RST arrive before it.
      this.#enqueue(direction, () => void (kind === 'reset' ? to.resetAndDestroy() : to.end()));
    });
    from.on('error', () => {
      if (side === 'client') this.record.clientClosed ??= 'reset';
      else this.record.serverClosed ??= 'reset';
      this.#enqueue(direction, () => void (to.destroyed ? undefined : to.resetAndDestroy()));
    });
  }

  #enqueue(direction: Direction, step: () => Promise<void> | void): void {
    this.#pending++;
    this.#queue[direction] = this.#queue[direction].then(step).catch(() => {
      // a leg that broke mid-plan: its 'error' handler has passed the reset on
    }).finally(() => this.#pending--);
  }

  async #perform(direction: Direction, to: Socket, actions: readonly PeerAction[], fault: LinkFault | undefined): Promise<void> {
    const where = direction === 'toServer' ? `${this.labels.client} → ${this.labels.server}` : `${this.labels.server} → ${this.labels.client}`;
    const receiver = direction === 'toServer' ? this.labels.server : this.labels.client;
    const received = direction === 'toServer' ? this.record.serverReceived : this.record.clientReceived;
    const note = (text: string) => this.transcript.add('proxy', 'fault', `${fault?.name ?? 'fault'} at byte ${this.#delivered[direction]} of ${where}: ${text}`);
    for (const action of actions) {
      if (this.#cut || to.destroyed) return;
      switch (action.kind) {
        case 'write':
          if (fault) received.push(action.bytes);
          this.#delivered[direction] += action.bytes.length;
          // The delivering leg is shown only when a fault shapes it; otherwise it is the sending leg again.
          if (fault) this.transcript.addData(`proxy→${receiver}`, 'send', action.bytes);
          // A leg that dies before the bytes are written never calls back: do not wait on it.
          await Promise.race([new Promise<void>((resolve) => to.write(action.bytes, () => resolve())), this.#closed(to)]);
          break;
        case 'await-consumed':
          note(`held the rest until the ${receiver} had read what came before`);
          await this.#waitConsumed(to, receiver);
          break;
        case 'pause':
          note(`nothing for ${action.ms} ms`);
          await new Promise((resolve) => setTimeout(resolve, action.ms));
          break;
        case 'shutdown-write':
          note('cut the connection cleanly: FIN to both programs, nothing more passes');
          this.#cutBoth(fault?.name ?? 'cut', (s) => s.end());
          return;
        case 'reset':
          note('reset the connection: RST to both programs');
          this.#cutBoth(fault?.name ?? 'reset', (s) => s.resetAndDestroy());
          return;
      }
    }
  }

  #cutBoth(by: string, how: (socket: Socket) => void): void {
    this.#cut = true;
    this.record.cutBy = by;
    for (const socket of [this.client, this.server]) if (!socket.destroyed) how(socket);
  }

  async #waitConsumed(to: Socket, receiver: string): Promise<void> {
    if (!hasProcFs) {
      await new Promise((r) => setTimeout(r, FALLBACK_GAP_MS));
      return;
    }
    const bound = this.faults.consumeBoundMs ?? DEFAULT_CONSUME_BOUND_MS;
    const deadline = performance.now() + bound;
    while (!to.destroyed && !isConsumedByPeer(to.localPort ?? 0, to.remotePort ?? 0)) {
      if (performance.now() >= deadline) {
        this.transcript.add('proxy', 'note', `the ${receiver} did not read the last piece within ${bound / 1000} s; sending on without waiting`);
        return;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}
