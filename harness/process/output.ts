// Captures a program's stdout or stderr: keeps the first `cap` bytes, keeps draining after that
// so the program never blocks on a full pipe, and lets a check wait for text to appear.
import type { Readable } from 'node:stream';

type Waiter = { test: () => boolean; resolve: () => void };

export class CapturedOutput {
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  #total = 0;
  #ended = false;
  #text: string | undefined;
  readonly #waiters = new Set<Waiter>();

  constructor(readonly cap: number, stream: Readable | null | undefined, onData?: (chunk: Buffer) => void) {
    if (!stream) {
      this.#ended = true;
      return;
    }
    stream.on('data', (chunk: Buffer) => {
      this.#total += chunk.length;
      if (this.#kept < cap) {
        const slice = chunk.subarray(0, cap - this.#kept);
        this.#chunks.push(slice);
        this.#kept += slice.length;
        this.#text = undefined;
      }
      onData?.(chunk);
      this.#wake();
    });
    const end = () => {
      this.#ended = true;
      this.#wake();
    };
    stream.on('end', end);
    stream.on('close', end);
    stream.on('error', end);
  }

  /** Bytes the program wrote, including those past the cap. */
  get totalBytes(): number {
    return this.#total;
  }

  get truncated(): boolean {
    return this.#total > this.#kept;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Everything kept so far, decoded as UTF-8 (invalid bytes become U+FFFD). */
  text(): string {
    this.#text ??= Buffer.concat(this.#chunks).toString('utf8');
    return this.#text;
  }

  /**
   * Resolves true once `test(text)` holds, false when the stream ends or `timeoutMs` passes first.
   * Prompts without a newline are fine: the test sees the raw text, not lines.
   */
  waitFor(test: (text: string) => boolean, timeoutMs: number): Promise<boolean> {
    if (test(this.text())) return Promise.resolve(true);
    if (this.#ended) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        test: () => test(this.text()),
        resolve: () => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(test(this.text()));
        },
      };
      const timer = setTimeout(waiter.resolve, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  #wake(): void {
    for (const w of [...this.#waiters]) if (this.#ended || w.test()) w.resolve();
  }
}
