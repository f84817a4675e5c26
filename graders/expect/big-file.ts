// Files of seeded random bytes, written, sent and compared in chunks: the grader's memory stays the
// same whether the file is 1 byte or 256 MiB, and the same seed always gives the same bytes, so a
// failure can be reproduced.
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
import { createCipheriv, createHash, type Cipher, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { formatBytes } from '../../harness/process/limits.js';
import { previewBytes } from '../../harness/util/bytes.js';
import type { TcpPeer } from '../../harness/net/tcp-peer.js';

/** Bytes generated, written or sent at a time. */
export const CHUNK_BYTES = 1024 * 1024;
/** Files up to this size may be held in memory whole (small fixtures, messages). */
const SMALL_FILE_BYTES = 16 * 1024 * 1024;
const ZEROS = Buffer.alloc(CHUNK_BYTES);

/**
 * A file's content: `size` bytes of the AES-256-CTR keystream keyed by SHA-256 of `seed` (fast:
 * ~4 ms per MiB, and every byte value appears). `new SeededFile(10007, 'file-transfer/basic')`
 */
export class SeededFile {
  #sha256: string | undefined;

  constructor(readonly size: number, readonly seed: string) {
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`invalid file size ${size}`);
  }

  /** A fresh generator of this file's bytes, from the first one. */
  keystream(): Cipher {
    return createCipheriv('aes-256-ctr', createHash('sha256').update(this.seed).digest(), Buffer.alloc(16));
  }

  /** The bytes, in chunks of at most `chunkBytes`. */
  *chunks(chunkBytes = CHUNK_BYTES): Generator<Buffer> {
    const stream = this.keystream();
    for (let offset = 0; offset < this.size; offset += chunkBytes) yield nextBytes(stream, Math.min(chunkBytes, this.size - offset));
  }

  /** The whole content; only for small files. */
  bytes(): Buffer {
    if (this.size > SMALL_FILE_BYTES) throw new Error(`a ${formatBytes(this.size)} file is streamed, never held whole`);
    return this.size === 0 ? Buffer.alloc(0) : nextBytes(this.keystream(), this.size);
  }

  /** SHA-256 of the content (hex), computed once. */
  get sha256(): string {
    if (this.#sha256 === undefined) {
      const hash = createHash('sha256');
      for (const chunk of this.chunks()) hash.update(chunk);
      this.#sha256 = hash.digest('hex');
    }
    return this.#sha256;
  }

  /** How messages name it: `10007 random bytes (seed "file-transfer/basic")`. */
  describe(): string {
    return this.describeText().en;
  }

  /** `describe()` in every language: "10007 bytes of random data, seed …" / "10007 字节的随机数据，种子 …". */
  describeText(): Text {
    if (this.size === 0) return t('an empty file', '一个空文件');
    const seed = JSON.stringify(this.seed);
    if (this.size < 1024) {
      const unit = this.size === 1 ? 'byte' : 'bytes';
      return t(`${this.size} ${unit} of random data, seed ${seed}`, `${this.size} 字节的随机数据，种子 ${seed}`);
    }
    const size = formatBytes(this.size);
    return t(`${size} (${this.size} bytes) of random data, seed ${seed}`, `${size}（${this.size} 字节）的随机数据，种子 ${seed}`);
  }

}

function nextBytes(stream: Cipher, n: number): Buffer {
  const parts: Buffer[] = [];
  for (let left = n; left > 0; left -= CHUNK_BYTES) parts.push(stream.update(ZEROS.subarray(0, Math.min(left, CHUNK_BYTES))));
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** Writes `file` at `path`, chunk by chunk (a 64 MiB file never sits in memory). */
export async function writeSeededFile(path: string, file: SeededFile): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (const chunk of file.chunks()) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

/**
 * Sends `file` (and then `extra`, if given) over the peer chunk by chunk, each after the previous
 * was taken by the kernel. Fails as TcpPeer.send does: the program closed, or stopped reading for `idleMs`.
 */
export async function sendSeededFile(peer: TcpPeer, file: SeededFile, options: { timeoutMs: number; idleMs: number }): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  for (const chunk of file.chunks()) {
    await peer.send(chunk, { timeoutMs: Math.max(1, deadline - performance.now()), idleMs: options.idleMs });
  }
}

/**
 * Compares bytes with `file` as they arrive, without keeping them: counts them, hashes the first
 * `file.size`, finds the first byte that differs and counts what comes beyond the end.
 * `peer.streamTo((chunk) => matcher.update(chunk), headerLength)`
 */
export class FileMatcher {
  readonly #expected: Cipher;
  readonly #hash: Hash = createHash('sha256');
  #received = 0;
  #firstDifference: { readonly at: number; readonly expected: Buffer; readonly actual: Buffer } | undefined;
  #onDifference: (() => void)[] = [];

  constructor(readonly file: SeededFile) {
    this.#expected = file.keystream();
  }

  update(chunk: Buffer): void {
    const inFile = chunk.subarray(0, Math.max(0, this.file.size - this.#received));
    if (inFile.length > 0) {
      this.#hash.update(inFile);
      if (this.#firstDifference === undefined) {
        const expected = nextBytes(this.#expected, inFile.length);
        if (!expected.equals(inFile)) {
          let i = 0;
          while (expected[i] === inFile[i]) i++;
          // Copies: a preview must not keep a whole received chunk alive.
          this.#firstDifference = { at: this.#received + i, expected: Buffer.from(expected.subarray(i, i + 16)), actual: Buffer.from(inFile.subarray(i, i + 16)) };
          for (const notify of this.#onDifference.splice(0)) notify();
        }
      }
    }
    this.#received += chunk.length;
  }

  /** Bytes seen so far, including any beyond the end of the file. */
  get received(): number {
    return this.#received;
  }

  /** Bytes beyond the file's size. */
  get extra(): number {
    return Math.max(0, this.#received - this.file.size);
  }

  /** Whether some byte differs from the file's. */
  get differs(): boolean {
    return this.#firstDifference !== undefined;
  }

  /** Resolves when the first differing byte arrives (never, for a right transfer). */
  whenDiffers(): Promise<void> {
    return this.#firstDifference ? Promise.resolve() : new Promise((resolve) => this.#onDifference.push(resolve));
  }

  /** Whether the first `file.size` bytes arrived and are the file's. */
  get complete(): boolean {
    return this.#received >= this.file.size && this.#firstDifference === undefined;
  }

  /**
   * What is wrong with what arrived, in words (undefined when it is exactly the file): `what` names
   * it, e.g. "python1.jpg" or "what the server sent".
   */
  describeMismatch(what: string): string | undefined {
    return this.mismatchText(what)?.en;
  }

  /** `describeMismatch` in every language; `what` is the subject: `t('what the server sent', '服务器发送的内容')`. */
  mismatchText(what: string | Text): Text | undefined {
    const { size } = this.file;
    const subject = asText(what);
    const sha = short(this.file.sha256);
    const difference = this.#firstDifference;
    if (difference) {
      const want = previewBytes(difference.expected);
      const got = previewBytes(difference.actual);
      return t(
        `${subject.en} differs from the file at byte ${difference.at}: expected ${want}, got ${got} (file SHA-256 ${sha}…)`,
        `${subject.zh}在第 ${difference.at} 字节处与文件不同：期望 ${want}，收到 ${got}（文件 SHA-256 ${sha}…）`,
      );
    }
    const received = this.#received;
    if (received < size) {
      return t(`${subject.en} has only ${received} of the ${size} bytes of the file: the rest never arrived`, `${subject.zh}只有文件 ${size} 字节中的 ${received} 字节：其余的一直没有到达`);
    }
    if (received > size) {
      const extra = received - size;
      return t(
        `${subject.en} has ${extra} bytes more than the ${size} of the file (the file's own bytes are right, SHA-256 ${sha}…)`,
        `${subject.zh}比文件的 ${size} 字节多出 ${extra} 字节（文件本身的字节是对的，SHA-256 ${sha}…）`,
      );
    }
    return undefined;
  }

  /** SHA-256 (hex) of the bytes seen within the file's size so far. */
  digestSoFar(): string {
    return this.#hash.copy().digest('hex');
  }
}

function short(hex: string): string {
  return hex.slice(0, 16);
}

/** Size and comparison of a file on disk with `file`, read in chunks; undefined when it does not exist. */
export async function matchFileOnDisk(path: string, file: SeededFile): Promise<FileMatcher | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const matcher = new FileMatcher(file);
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) matcher.update(chunk as Buffer);
  return matcher;
}
