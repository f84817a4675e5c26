// Writing the report files a run was asked for. Each output is rendered and written on its own:
// one that fails (a schema bug, an unwritable path) loses no other, and is named on stderr.
import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { ReporterRequest } from '../report/registry.js';
import type { Emission, ReportRun } from '../report/reporter.js';
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
export function writeFileAtomically(file: string, text: string | Uint8Array): void {
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

function describe(request: ReporterRequest): string {
  return `${request.reporter.name} report${request.file ? ` (${request.file})` : ''}`;
}

function perform(emission: Emission, stdout: string[]): void {
  if (emission.to === 'stdout') stdout.push(emission.text);
  else if (emission.to === 'append') appendFileSync(emission.path, emission.text);
  else writeFileAtomically(emission.path, emission.text);
}

/**
 * Runs every requested reporter on its own: one that refuses the run, throws or cannot write
 * loses no other's output. What reporters print goes to stdout after the files are written.
 * Returns one line per reporter that failed, naming it.
 */
export function runReporters(run: ReportRun, requests: readonly ReporterRequest[], write: (text: string) => void = (t) => process.stdout.write(t)): string[] {
  const failures: string[] = [];
  const stdout: string[] = [];
  for (const request of requests) {
    try {
      const refusal = request.reporter.accepts?.(run);
      if (refusal) {
        failures.push(`${describe(request)} was not written: ${refusal}`);
        continue;
      }
      for (const emission of request.reporter.emit(run, request.file)) perform(emission, stdout);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      failures.push(`could not write the ${describe(request)}: ${reason}`);
    }
  }
  for (const text of stdout) write(text);
  return failures;
}
