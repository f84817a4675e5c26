// Counting the processes a run starts, across every sockgrade process of it (a batch's children,
// the re-run inside the network namespace), for the benchmark (test/bench/targets.ts): with
// SOCKGRADE_START_LOG=FILE each sockgrade process appends one JSON line to FILE as it exits.
import { appendFileSync } from 'node:fs';

export const START_LOG_VARIABLE = 'SOCKGRADE_START_LOG';

function append(line: object): void {
  const file = process.env[START_LOG_VARIABLE];
  if (!file) return;
  try {
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  } catch {
    // a benchmark's figure, never worth failing a grading for
  }
}

/** Every sockgrade process counts itself as it starts, whether or not it grades. */
export function logSockgradeProcess(): void {
  append({ sockgrade: process.pid });
}

/** One sockgrade process's line: itself, and the programs it started by interpreter. */
export interface StartLogLine {
  readonly pid: number;
  readonly python: number;
  readonly node: number;
  readonly other: number;
}

/** Appends this process's counts to the start log when it exits, if a log was asked for. */
export function logStartsAtExit(counts: { readonly python: number; readonly node: number; readonly other: number }): void {
  if (!process.env[START_LOG_VARIABLE]) return;
  process.once('exit', () => {
    const line: StartLogLine = { pid: process.pid, python: counts.python, node: counts.node, other: counts.other };
    append(line);
  });
}
