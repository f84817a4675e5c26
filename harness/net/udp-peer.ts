// A scripted UDP peer: sends datagrams (zero-length ones included), receives with bounds, and can
// drop datagrams on purpose to play a lossy network.
import { createSocket, type Socket, type RemoteInfo } from 'node:dgram';
import { CheckFailure } from '../failure.js';
import { t, type Text } from '../i18n/text.js';
import { asText, counterpartWord } from '../i18n/words.js';
import type { Address } from '../address.js';
import type { Transcript } from '../transcript.js';
import { previewBytes } from '../util/bytes.js';
import { createDatagramState, type DatagramFault, type DatagramState } from './faults/fault.js';
import { drop } from './faults/datagrams.js';

export interface Datagram {
  readonly data: Buffer;
  readonly from: Address;
}

const A_REPLY = t('a reply', '回复');

export class UdpPeer {
  readonly #socket: Socket;
  readonly #inbox: Datagram[] = [];
  #waiters: (() => void)[] = [];
  readonly #inbound: { fault: DatagramFault; state: DatagramState }[] = [];

  private constructor(socket: Socket, readonly port: number, private readonly label: string, private readonly counterpart: string, private readonly transcript: Transcript) {
    this.#socket = socket;
    socket.on('message', (data: Buffer, rinfo: RemoteInfo) => {
      let delivered = [data];
      for (const { fault, state } of this.#inbound) {
        const before = delivered.length;
        delivered = delivered.flatMap((d) => fault.apply(d, state));
        if (delivered.length !== before) transcript.add(label, 'note', `${fault.name}: a ${data.length}-byte datagram from port ${rinfo.port} (${fault.description}; simulated network)`);
      }
      for (const d of delivered) {
        transcript.addData(label, 'recv', d);
        this.#inbox.push({ data: d, from: { host: rinfo.address, port: rinfo.port } });
      }
      const w = this.#waiters;
      this.#waiters = [];
      for (const f of w) f();
    });
  }

  /** Opens a socket on a kernel-chosen loopback port. */
  static open(transcript: Transcript, label = 'peer', counterpart = 'the server'): Promise<UdpPeer> {
    return new Promise((resolve, reject) => {
      const socket = createSocket('udp4');
      socket.once('error', reject);
      socket.bind({ port: 0, address: '127.0.0.1' }, () => {
        socket.off('error', reject);
        socket.on('error', (e) => transcript.add(label, 'error', e.message));
        const port = socket.address().port;
        transcript.add(label, 'listen', `bound UDP 127.0.0.1:${port}`);
        resolve(new UdpPeer(socket, port, label, counterpart, transcript));
      });
    });
  }

  send(data: Uint8Array | string, to: Address): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
    this.transcript.add(this.label, 'send', `${bytes.length === 0 ? 'an empty datagram' : previewBytes(bytes)} to port ${to.port}`, bytes.length);
    return new Promise((resolve) => this.#socket.send(bytes, to.port, to.host, () => resolve()));
  }

  /** Applies a datagram fault (harness/net/faults) to what arrives from now on: `peer.inbound(drop([1]))`. */
  inbound(fault: DatagramFault): void {
    this.#inbound.push({ fault, state: createDatagramState() });
  }

  /** Drops the next `count` datagrams that arrive, as a lossy network would. */
  dropNext(count = 1): void {
    this.inbound(drop(Array.from({ length: count }, (_, i) => i + 1)));
  }

  /** Waits for the next datagram; fails if none arrives within `timeoutMs`. */
  async receive(timeoutMs: number, waitingFor: string | Text = A_REPLY): Promise<Datagram> {
    const got = await this.tryReceive(timeoutMs);
    if (!got) {
      const waited = `${(timeoutMs / 1000).toFixed(1)} s`;
      const what = asText(waitingFor);
      const who = counterpartWord(this.counterpart);
      throw new CheckFailure(t(`waited ${waited} for ${what.en} from ${who.en}; no datagram came`, `等待${who.zh}发来${what.zh}，等了 ${waited}，一个数据报也没有收到`));
    }
    return got;
  }

  /** Waits for the next datagram; undefined if none arrives within `timeoutMs`. */
  tryReceive(timeoutMs: number): Promise<Datagram | undefined> {
    const ready = this.#inbox.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(this.#inbox.shift());
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== wake);
        resolve(undefined);
      }, timeoutMs);
      this.#waiters.push(wake);
    });
  }

  close(): void {
    try {
      this.#socket.close();
    } catch {
      // already closed
    }
  }
}
