// Writing the report files a run was asked for. Each output is rendered and written on its own:
// one that fails (a schema bug, an unwritable path) loses no other, and is named on stderr.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** One file to write: what it is (for messages), where, and how to render it. */
export interface Output {
  readonly what: string;
  readonly file: string;
  render(): string;
}

/**
 * Writes aside and renames over the target: whatever sits at that path (a file or a symlink a
 * submission planted) is replaced, never written through.
 */
export function writeFileAtomically(file: string, text: string): void {
  const temporary = `${resolve(file)}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Writes every output it can; returns one line per output that failed. */
export function writeOutputs(outputs: readonly Output[]): string[] {
  const failures: string[] = [];
  for (const output of outputs) {
    try {
      writeFileAtomically(output.file, output.render());
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      failures.push(`could not write the ${output.what} to ${output.file}: ${reason}`);
    }
  }
  return failures;
}
