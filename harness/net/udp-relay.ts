// A UDP relay between a client and a server that plays a lossy network: a datagram fault per
// direction (drop, duplicate, reorder; harness/net/faults/datagrams.ts) decides each datagram's
// fate, and the transcript records both legs and every fault where it was applied. Each client
// address gets a socket of its own toward the server, so the server's replies (sent to whoever
// sent the datagram) come back to the relay and go on to the right client.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Address } from '../address.js';
import type { Transcript } from '../transcript.js';
import { previewBytes } from '../util/bytes.js';
import { createDatagramState, type DatagramFault, type DatagramState } from './faults/fault.js';

export interface RelayFaults {
  readonly toServer?: DatagramFault;
  readonly toClient?: DatagramFault;
}

export interface RelayRecord {
  /** Datagrams as the client sent them. */
  readonly fromClient: readonly Buffer[];
  /** Datagrams the relay delivered to the server, in order. */
  readonly serverReceived: readonly Buffer[];
  /** Datagrams as the server sent them. */
  readonly fromServer: readonly Buffer[];
  /** Datagrams the relay delivered to the client, in order. */
  readonly clientReceived: readonly Buffer[];
}

type Direction = 'toServer' | 'toClient';

function bind(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind({ port: 0, address: '127.0.0.1' }, () => {
      socket.off('error', reject);
      socket.on('error', () => {
        // ICMP "port unreachable" after the server ended: nothing to relay, nothing to report.
      });
      resolve(socket);
    });
  });
}

export class UdpRelay {
  readonly #front: Socket;
  readonly #upstream = new Map<string, Promise<Socket>>();
  readonly #state: Record<Direction, DatagramState> = { toServer: createDatagramState(), toClient: createDatagramState() };
  readonly #record = { fromClient: [] as Buffer[], serverReceived: [] as Buffer[], fromServer: [] as Buffer[], clientReceived: [] as Buffer[] };
  #closed = false;

  private constructor(front: Socket, readonly port: number, private readonly target: Address, private readonly transcript: Transcript, private readonly labels: { client: string; server: string }, private readonly faults: RelayFaults) {
    this.#front = front;
    front.on('message', (data: Buffer, from: RemoteInfo) => {
      this.#record.fromClient.push(data);
      transcript.addData(labels.client, 'send', data);
      void this.#toServer(data, { host: from.address, port: from.port });
    });
  }

  /** Starts a relay on a kernel-chosen loopback port in front of the UDP server at `target`. */
  static async start(target: Address, transcript: Transcript, labels: { client: string; server: string }, faults: RelayFaults = {}): Promise<UdpRelay> {
    const front = await bind();
    return new UdpRelay(front, front.address().port, target, transcript, labels, faults);
  }

  record(): RelayRecord {
    return { fromClient: [...this.#record.fromClient], serverReceived: [...this.#record.serverReceived], fromServer: [...this.#record.fromServer], clientReceived: [...this.#record.clientReceived] };
  }

  close(): void {
    this.#closed = true;
    this.#front.close();
    for (const socket of this.#upstream.values()) void socket.then((s) => s.close(), () => {});
  }

  async #toServer(data: Buffer, client: Address): Promise<void> {
    const key = `${client.host}:${client.port}`;
    let upstream = this.#upstream.get(key);
    if (!upstream) {
      upstream = bind().then((socket) => {
        socket.on('message', (reply: Buffer) => {
          this.#record.fromServer.push(reply);
          this.transcript.addData(this.labels.server, 'send', reply);
          this.#deliver('toClient', reply, (d) => this.#front.send(d, client.port, client.host));
        });
        return socket;
      });
      this.#upstream.set(key, upstream);
    }
    const socket = await upstream;
    this.#deliver('toServer', data, (d) => socket.send(d, this.target.port, this.target.host));
  }

  /** Applies the direction's fault to one datagram, records what it did, and sends what remains. */
  #deliver(direction: Direction, data: Buffer, send: (d: Buffer) => void): void {
    if (this.#closed) return;
    const fault = this.faults[direction];
    const receiver = direction === 'toServer' ? this.labels.server : this.labels.client;
    const sender = direction === 'toServer' ? this.labels.client : this.labels.server;
    const number = this.#state[direction].seen + 1;
    const held = this.#state[direction].held.length;
    const out = fault ? fault.apply(data, this.#state[direction]) : [data];
    if (fault) {
      const what = out.length === 0 && this.#state[direction].held.length > held ? `held back ${previewBytes(data)} (datagram ${number} from the ${sender})`
        : out.length === 0 ? `dropped ${previewBytes(data)} (datagram ${number} from the ${sender})`
        : out.length > 1 && held > 0 ? `delivered datagram ${number} from the ${sender}, then the one held back before it`
        : out.length > 1 ? `delivered ${previewBytes(data)} (datagram ${number} from the ${sender}) twice`
        : undefined;
      if (what) this.transcript.add('proxy', 'fault', `${fault.name}: ${what}`);
    }
    for (const d of out) {
      (direction === 'toServer' ? this.#record.serverReceived : this.#record.clientReceived).push(d);
      if (fault) this.transcript.addData(`proxy→${receiver}`, 'send', d);
      send(d);
    }
  }
}
