// What a grader may observe about programs and connections beyond their bytes and output: whether
// a program waits for typed input or is running, and the program's end of a connection. Linux
// reads /proc; elsewhere `canObserveKernel` is false and graders fall back to timed gaps.
import type { Program } from '../process/program.js';
import { findSocketRow, hasProcFs, isTreeRunnable, isWaitingOnStdin, TCP_ESTABLISHED } from '../process/proc.js';

/** Whether the facts below can be read on this machine. */
export const canObserveKernel: boolean = hasProcFs;

/** The program (some thread of its tree) is blocked reading its standard input: it waits for the user. */
export function isWaitingForInput(program: Program): boolean {
  return hasProcFs && program.pid !== undefined && !program.hasExited && isWaitingOnStdin(program.pid);
}

/** Some thread of the program's tree is running or ready to run (not blocked in recv, accept, sleep…). */
export function isRunnable(program: Program): boolean {
  return hasProcFs && program.pid !== undefined && !program.hasExited && isTreeRunnable(program.pid);
}

/** The program's end of a connection to one of our peers, as the kernel shows it. */
export interface CounterpartSocket {
  /** Still ESTABLISHED: it has not seen our FIN or reset, and has not closed. */
  readonly established: boolean;
  /** Bytes of ours that have arrived and that it has not read yet. */
  readonly unread: number;
}

/** Undefined where it cannot be seen (no /proc) or the socket is gone. Same network namespace as ours. */
export function counterpartSocket(peer: { readonly localPort: number; readonly remotePort: number }): CounterpartSocket | undefined {
  if (!hasProcFs) return undefined;
  const row = findSocketRow('self', 'tcp', (r) => r.localPort === peer.remotePort && r.remotePort === peer.localPort);
  return row ? { established: row.state === TCP_ESTABLISHED, unread: row.rxQueue } : undefined;
}
