// The user of an interactive reference client: lines of standard input, one at a time, typed
// ahead or not, like Python's input().
import { createInterface } from 'node:readline';

export interface LineReader {
  /** The next line without its newline, or undefined at the end of input. */
  next(): Promise<string | undefined>;
  close(): void;
}

export function readStdinLines(): LineReader {
  const reader = createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity });
  const lines: string[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  reader.on('line', (line) => {
    lines.push(line);
    wake?.();
  });
  reader.on('close', () => {
    ended = true;
    wake?.();
  });
  return {
    async next() {
      while (lines.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      return lines.shift();
    },
    close() {
      reader.close();
      process.stdin.destroy();
    },
  };
}
