// A scripted TCP peer: one connection, driven step by step by a check. Every wait is bounded and
// a misbehaving program turns into a CheckFailure that says what was expected and what came.
import { connect, type Socket } from 'node:net';
import { CheckFailure, fail } from '../failure.js';
import { t, type Text } from '../i18n/text.js';
import { asText, counterpartWord } from '../i18n/words.js';
import type { Transcript } from '../transcript.js';
import { byteMismatchText, previewBytes } from '../util/bytes.js';
import { classifyEnd, isConsumedByPeer, type CloseKind } from './close-kind.js';
import { hasProcFs } from '../process/proc.js';
import type { Address } from '../address.js';
import { slices } from './faults/slices.js';
import type { PeerAction, StreamFault } from './faults/fault.js';

export interface PeerIdentity {
  /** Our name in the transcript: `peer`, `peer#2`. */
  readonly label: string;
  /** Who is on the other side, for messages: `the server`, `your client`. */
  readonly counterpart: string;
  readonly transcript: Transcript;
}

export type Piece = Uint8Array | string;

function toBytes(data: Piece): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}

/** By default, how long to wait for the program to read one piece before sending the next anyway. */
const CONSUME_BOUND_MS = 2000;
/** Without /proc we cannot see the program read; a gap lets its recv() return between pieces. */
const FALLBACK_GAP_MS = 50;

export interface PieceOptions {
  /** A process in the program's network namespace, to read its receive queue (default: ours). */
  readonly netnsPid?: number;
  /** How long the program may take to read one piece. */
  readonly consumeBoundMs?: number;
  /**
   * A piece still unread after the bound: `fail` (default; a program that stops reading cannot
   * answer) or `send-rest` (send the remaining pieces at once and let the check judge).
   */
  readonly onUnread?: 'fail' | 'send-rest';
}

export interface SendOptions {
  /** Bound for the whole send (default 10 s). */
  readonly timeoutMs?: number;
  /** Fail sooner when the program accepts no byte for this long (a reader that stopped). */
  readonly idleMs?: number;
}

export interface ReadOptions {
  /** Count bytes from this offset of everything received (default 0). */
  readonly from?: number;
  /** Fail sooner when no byte arrives for this long (big transfers: a stalled program fails fast). */
  readonly idleMs?: number;
}

export class TcpPeer {
  readonly #socket: Socket;
  readonly #id: PeerIdentity;
  readonly #chunks: Buffer[] = [];
  #received = 0;
  /** Set by streamTo(): received bytes go here instead of #chunks. */
  #sink: ((chunk: Buffer) => void) | undefined;
  #closed: CloseKind | undefined;
  #wake: (() => void)[] = [];
  #gatingAbandoned = false;
  readonly localPort: number;
  readonly remotePort: number;

  private constructor(socket: Socket, id: PeerIdentity) {
    this.#socket = socket;
    this.#id = id;
    this.localPort = socket.localPort ?? 0;
    this.remotePort = socket.remotePort ?? 0;
    socket.on('data', (chunk: Buffer) => {
      if (this.#sink) this.#sink(chunk);
      else this.#chunks.push(chunk);
      this.#received += chunk.length;
      id.transcript.addData(id.label, 'recv', chunk);
      this.#notify();
    });
    socket.on('end', () => this.#markClosed(classifyEnd(this.localPort, this.remotePort)));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') this.#markClosed('reset');
      else {
        id.transcript.add(id.label, 'error', error.message);
        this.#markClosed('reset');
      }
    });
    socket.on('close', () => this.#markClosed(this.#closed ?? 'fin'));
  }

  /** Wraps an accepted socket (the peer plays the server). */
  static fromSocket(socket: Socket, id: PeerIdentity): TcpPeer {
    return new TcpPeer(socket, id);
  }

  /** Connects to the program; a refused or silent connect is the program's failure. */
  static connect(address: Address, id: PeerIdentity, timeoutMs = 3000): Promise<TcpPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address.host, port: address.port, allowHalfOpen: true, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        const who = counterpartWord(id.counterpart);
        const where = `${address.host}:${address.port}`;
        reject(failNow(t(`could not connect to ${who.en} at ${where} within ${seconds(timeoutMs)}`, `无法在 ${seconds(timeoutMs)} 内连接到位于 ${where} 的${who.zh}`)));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        id.transcript.add(id.label, 'connect', `connected to ${address.host}:${address.port} from port ${socket.localPort}`);
        resolve(new TcpPeer(socket, id));
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        // Node's own words for other errors (ECONNRESET, EHOSTUNREACH…) stay as the OS gave them.
        const why = error.code === 'ECONNREFUSED'
          ? t('the connection was refused (nothing is listening there any more)', '连接被拒绝（那里已经没有程序在监听了）')
          : t(error.message, error.message);
        id.transcript.add(id.label, 'error', `connect failed: ${why.en}`);
        const who = counterpartWord(id.counterpart);
        const where = `${address.host}:${address.port}`;
        reject(failNow(t(`could not connect to ${who.en} at ${where}: ${why.en}`, `无法连接到位于 ${where} 的${who.zh}：${why.zh}`)));
      });
    });
  }

  /** All bytes received so far. */
  received(): Buffer {
    if (this.#chunks.length > 1) this.#chunks.splice(0, this.#chunks.length, Buffer.concat(this.#chunks));
    return this.#chunks[0] ?? Buffer.alloc(0);
  }

  /** How many bytes arrived so far, kept or streamed (see streamTo). */
  get receivedBytes(): number {
    return this.#received;
  }

  /**
   * Streams received bytes from offset `from` on to `sink` instead of keeping them: for transfers
   * too big to hold (a 64 MiB file is hashed as it arrives). Bytes already kept beyond `from` go
   * to the sink at once, later ones chunk by chunk as they arrive. From then on received() holds
   * only the first `from` bytes; count with receivedBytes and wait with waitForBytes. The sink
   * must not throw. `peer.streamTo((chunk) => hash.update(chunk), header.length)`
   */
  streamTo(sink: (chunk: Buffer) => void, from: number = this.#received): void {
    if (this.#sink) throw new Error('this peer already streams what it receives');
    if (!Number.isInteger(from) || from < 0 || from > this.#received) throw new Error(`cannot stream from byte ${from}: ${this.#received} bytes have arrived`);
    const kept = this.received();
    this.#chunks.splice(0, this.#chunks.length, Buffer.from(kept.subarray(0, from)));
    this.#sink = sink;
    if (kept.length > from) sink(kept.subarray(from));
  }

  /** How the other side closed, if it has. */
  get closeKind(): CloseKind | undefined {
    return this.#closed;
  }

  /**
   * Sends bytes; resolves once they are handed to the kernel. Fails if the other side closes first,
   * or stops reading: no byte accepted for `idleMs` (default: the whole `timeoutMs`).
   */
  async send(data: Piece, options: SendOptions = {}): Promise<void> {
    const { timeoutMs = 10_000, idleMs = timeoutMs } = options;
    const bytes = toBytes(data);
    if (this.#socket.destroyed || this.#socket.writableEnded) {
      const who = this.#who;
      const preview = previewBytes(bytes);
      fail(t(`${who.en} closed the connection before we could send ${preview}`, `在我们发送 ${preview} 之前，${who.zh}就关闭了连接`));
    }
    this.#id.transcript.addData(this.#id.label, 'send', bytes);
    const flushed = this.#socket.write(bytes);
    if (flushed) return;
    const outcome = await new Promise<'drained' | 'closed' | 'timeout'>((resolve) => {
      const started = performance.now();
      let lastProgress = started;
      let written = this.#socket.bytesWritten;
      // 'drain' only fires when everything is out; watch progress to notice a reader that stopped.
      const progress = setInterval(() => {
        const now = performance.now();
        if (this.#socket.bytesWritten !== written || this.#socket.writableLength === 0) {
          written = this.#socket.bytesWritten;
          lastProgress = now;
        }
        if (now - lastProgress >= idleMs || now - started >= timeoutMs) finish('timeout');
      }, Math.min(250, idleMs));
      const onDrain = () => finish('drained');
      const onClose = () => finish('closed');
      const finish = (how: 'drained' | 'closed' | 'timeout') => {
        clearInterval(progress);
        this.#socket.off('drain', onDrain);
        this.#socket.off('close', onClose);
        resolve(how);
      };
      this.#socket.once('drain', onDrain);
      this.#socket.once('close', onClose);
    });
    const who = this.#who;
    if (outcome === 'closed') {
      fail(this.#closed === 'reset'
        ? t(`${who.en} reset the connection before it had received everything we sent`, `${who.zh}在收到我们发送的全部数据之前重置了连接`)
        : t(`${who.en} closed the connection before it had received everything we sent`, `${who.zh}在收到我们发送的全部数据之前关闭了连接`));
    }
    if (outcome === 'timeout') {
      const stuck = this.#socket.writableLength;
      const waited = seconds(Math.min(idleMs, timeoutMs));
      fail(t(`${who.en} stopped reading: ${stuck} bytes could not be delivered for ${waited}`, `${who.zh}不再读取数据：有 ${stuck} 字节在 ${waited} 内无法送达`));
    }
  }

  /**
   * Sends `data` split into pieces. Before each next piece, waits until the program has read the
   * previous one (its receive queue in /proc is empty), so its recv() returns exactly that piece:
   * deterministic even under load. Pieces are byte counts, e.g. [7, 5] or every byte with 'bytes'.
   */
  sendInPieces(data: Piece, sizes: readonly number[] | 'bytes', options: PieceOptions = {}): Promise<void> {
    return this.sendWith(slices(sizes), data, options);
  }

  /** Sends `data` the way a fault says (harness/net/faults): `peer.sendWith(resetAfter(3), 'Hello')`. */
  sendWith(fault: StreamFault, data: Piece, options: PieceOptions = {}): Promise<void> {
    return this.perform(fault.plan(toBytes(data)), options);
  }

  /** Carries out a fault's plan step by step. */
  async perform(actions: readonly PeerAction[], options: PieceOptions = {}): Promise<void> {
    for (const action of actions) {
      switch (action.kind) {
        case 'write':
          await this.send(action.bytes);
          break;
        case 'await-consumed':
          await this.#waitUntilConsumed(options.netnsPid, options.consumeBoundMs ?? CONSUME_BOUND_MS, options.onUnread ?? 'fail');
          break;
        case 'pause':
          await new Promise((resolve) => setTimeout(resolve, action.ms));
          break;
        case 'shutdown-write':
          this.shutdownWrite();
          break;
        case 'reset':
          this.reset();
          break;
      }
    }
  }

  async #waitUntilConsumed(netnsPid: number | undefined, boundMs: number, onUnread: 'fail' | 'send-rest'): Promise<void> {
    if (this.#gatingAbandoned) return;
    if (!hasProcFs) {
      await new Promise((r) => setTimeout(r, FALLBACK_GAP_MS));
      return;
    }
    const deadline = performance.now() + boundMs;
    while (!isConsumedByPeer(this.localPort, this.remotePort, netnsPid ?? 'self')) {
      if (this.#closed) return;
      if (performance.now() >= deadline) {
        if (onUnread === 'fail') {
          const who = this.#who;
          fail(t(`${who.en} stopped reading: what we sent ${seconds(boundMs)} ago is still unread in its receive queue`, `${who.zh}不再读取数据：我们 ${seconds(boundMs)} 前发送的数据仍未读取，停留在它的接收队列中`));
        }
        // A program that did not read one piece will not read the next either: send the rest at
        // once so the verdict comes within the check's reply bound, not one bound per piece.
        this.#gatingAbandoned = true;
        this.#id.transcript.add(this.#id.label, 'note', `${this.#id.counterpart} did not read the last piece within ${seconds(boundMs)}; sending the rest without waiting`);
        return;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /**
   * Waits for exactly `n` bytes (counted from offset `from`). Fails after `timeoutMs`, or sooner when
   * no byte arrives for `idleMs` (for big transfers: a stalled program fails fast, a slow one passes).
   */
  async readExactly(n: number, timeoutMs: number, options: ReadOptions = {}): Promise<Buffer> {
    const { from = 0, idleMs = timeoutMs } = options;
    const ok = await this.#waitFor(() => this.#received - from >= n, timeoutMs, idleMs);
    const got = this.received().subarray(from, from + n);
    if (!ok) {
      const how = this.#closed ? this.#thenClosed() : this.#thenNothing(idleMs < timeoutMs ? idleMs : timeoutMs);
      const who = this.#who;
      const preview = previewBytes(got);
      fail(t(`expected ${n} bytes from ${who.en}, got ${got.length} (${preview}), ${how.en}`, `期望从${who.zh}收到 ${n} 字节，实际收到 ${got.length} 字节（${preview}），${how.zh}`), {
        expected: t(`${n} bytes`, `${n} 字节`),
        actual: t(`${got.length} bytes: ${preview}`, `${got.length} 字节：${preview}`),
      });
    }
    return got;
  }

  /**
   * Waits until `n` bytes have arrived counted from offset `from`, kept or streamed (see streamTo).
   * Fails like readExactly: after `timeoutMs`, sooner when nothing arrives for `idleMs`, or when
   * the other side closes first; the message gives the count, since streamed bytes are not kept.
   */
  async waitForBytes(n: number, timeoutMs: number, options: ReadOptions = {}): Promise<void> {
    const { from = 0, idleMs = timeoutMs } = options;
    const started = performance.now();
    const ok = await this.#waitFor(() => this.#received - from >= n, timeoutMs, idleMs);
    if (ok) return;
    const got = Math.max(0, this.#received - from);
    const how = this.#closed
      ? this.#thenClosed()
      : performance.now() - started >= timeoutMs
        ? t(`in ${seconds(timeoutMs)}, the bound for all of it`, `用时 ${seconds(timeoutMs)}，这是全部数据的时限`)
        : this.#thenNothing(idleMs);
    const who = this.#who;
    fail(t(`expected ${n} bytes from ${who.en}, got ${got}, ${how.en}`, `期望从${who.zh}收到 ${n} 字节，实际收到 ${got} 字节，${how.zh}`), {
      expected: t(`${n} bytes`, `${n} 字节`),
      actual: t(`${got} bytes`, `${got} 字节`),
    });
  }

  /** Waits until received bytes satisfy `test`; fails after `timeoutMs` or on close. */
  async readUntil(test: (data: Buffer) => boolean, description: string | Text, timeoutMs: number): Promise<Buffer> {
    const ok = await this.#waitFor(() => test(this.received()), timeoutMs);
    if (!ok) {
      const preview = previewBytes(this.received());
      const how = this.#closed ? this.#thenClosed() : t(`then nothing more for ${seconds(timeoutMs)}`, `之后 ${seconds(timeoutMs)} 内再没有收到任何数据`);
      const what = asText(description);
      const who = this.#who;
      fail(t(`waited for ${what.en} from ${who.en}; got ${preview}, ${how.en}`, `等待${who.zh}发来${what.zh}；收到的是 ${preview}，${how.zh}`));
    }
    return this.received();
  }

  /** Reads until the other side closes; fails if it is still open after `timeoutMs`. */
  async readUntilClosed(timeoutMs: number): Promise<{ data: Buffer; kind: CloseKind }> {
    const ok = await this.#waitFor(() => this.#closed !== undefined, timeoutMs);
    if (!ok) {
      const who = this.#who;
      const n = this.#received;
      fail(n
        ? t(`${who.en} kept the connection open for ${seconds(timeoutMs)} after sending ${n} bytes; it never closed it`, `${who.zh}发送了 ${n} 字节之后，又让连接保持打开 ${seconds(timeoutMs)}；它一直没有关闭连接`)
        : t(`${who.en} kept the connection open for ${seconds(timeoutMs)} after sending nothing; it never closed it`, `${who.zh}什么也没有发送，让连接保持打开 ${seconds(timeoutMs)}；它一直没有关闭连接`));
    }
    return { data: this.received(), kind: this.#closed! };
  }

  /** Waits (bounded) for the other side to close; resolves undefined if it does not. */
  async waitClosed(timeoutMs: number): Promise<CloseKind | undefined> {
    await this.#waitFor(() => this.#closed !== undefined, timeoutMs);
    return this.#closed;
  }

  /** Compares everything received with `expected`; fails with a byte-level explanation. */
  expectReceived(expected: Uint8Array, what: string | Text): void {
    const got = this.received();
    if (!got.equals(expected)) {
      const words = asText(what);
      const mismatch = byteMismatchText(expected, got);
      fail(t(`${words.en}: ${mismatch.en}`, `${words.zh}：${mismatch.zh}`), { expected: previewBytes(expected), actual: previewBytes(got) });
    }
  }

  /** Stops reading (the program's sends will block once buffers fill), to play a slow reader. */
  pauseReading(): void {
    this.#socket.pause();
  }

  resumeReading(): void {
    this.#socket.resume();
  }

  /** Half-close: sends FIN, keeps reading. The program's recv() returns b''. */
  shutdownWrite(): void {
    this.#id.transcript.add(this.#id.label, 'fin', 'shut down writing (sent FIN); still reading');
    this.#socket.end();
  }

  /** Closes both directions politely. */
  close(): void {
    if (this.#socket.destroyed) return;
    this.#id.transcript.add(this.#id.label, 'close', 'closed the connection');
    this.#socket.end();
    this.#socket.destroySoon();
  }

  /** Aborts the connection with an RST (the program sees ECONNRESET). */
  reset(): void {
    if (this.#socket.destroyed) return;
    this.#id.transcript.add(this.#id.label, 'reset', 'reset the connection (RST)');
    this.#socket.resetAndDestroy();
  }

  /** Releases the socket without ceremony; used by the check context at the end of a check. */
  dispose(): void {
    this.#socket.destroy();
  }

  /** The other side in words: "the server" / "服务器". */
  get #who(): Text {
    return counterpartWord(this.#id.counterpart);
  }

  /** "then the connection was reset" / "then the server closed the connection". */
  #thenClosed(): Text {
    const who = this.#who;
    return this.#closed === 'reset'
      ? t('then the connection was reset', '然后连接被重置')
      : t(`then ${who.en} closed the connection`, `然后${who.zh}关闭了连接`);
  }

  /** "then nothing for 3 s". */
  #thenNothing(ms: number): Text {
    return t(`then nothing for ${seconds(ms)}`, `之后 ${seconds(ms)} 内没有收到任何数据`);
  }

  #markClosed(kind: CloseKind): void {
    if (this.#closed) return;
    this.#closed = kind;
    this.#id.transcript.add(this.#id.label, kind === 'reset' ? 'reset' : 'fin', kind === 'reset' ? `${this.#id.counterpart} reset the connection` : `${this.#id.counterpart} closed its side (FIN)`);
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = [];
    for (const w of wake) w();
  }

  #waitFor(condition: () => boolean, timeoutMs: number, idleMs = timeoutMs): Promise<boolean> {
    return new Promise((resolve) => {
      const deadline = performance.now() + timeoutMs;
      let lastCount = this.#received;
      let idleDeadline = performance.now() + idleMs;
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (value: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(value);
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(check, Math.max(0, Math.min(deadline, idleDeadline) - performance.now()));
      };
      const check = () => {
        if (done) return;
        if (condition()) return finish(true);
        const now = performance.now();
        if (this.#received !== lastCount) {
          lastCount = this.#received;
          idleDeadline = now + idleMs;
        }
        if (this.#closed || now >= deadline || now >= idleDeadline) return finish(condition());
        if (!this.#wake.includes(check)) this.#wake.push(check);
        arm();
      };
      check();
    });
  }
}

function failNow(message: Text): Error {
  return new CheckFailure(message);
}
