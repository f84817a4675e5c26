// What a grader may observe about programs and connections beyond their bytes and output: whether
// a program waits for typed input or is running, and the program's end of a connection. Linux
// reads /proc; elsewhere `canObserveKernel` is false and graders fall back to timed gaps.
import type { Program } from '../process/program.js';
import { readCallSites, type CallSite } from '../python/sites.js';
import { findSocketRow, hasProcFs, isTreeRunnable, isWaitingOnStdin, listBoundSockets, listProcessTree, listSocketInodes, listTreeSockets, TCP_CLOSE_WAIT, TCP_ESTABLISHED } from '../process/proc.js';

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

/** The program's own end of a connection to `peer`, found among its tree's sockets (it still holds it open). */
export interface ProgramEnd {
  /** It has seen our FIN but not closed its end (CLOSE_WAIT): it keeps a dead connection open. */
  readonly closeWait: boolean;
  /** Bytes it has sent that have not reached us yet. */
  readonly unsent: number;
}

/** Undefined when it cannot be seen (no /proc), the program has ended, or no longer holds that socket. */
export function programEndOf(program: Program, peer: { readonly localPort: number; readonly remotePort: number }): ProgramEnd | undefined {
  const pid = program.pid;
  if (pid === undefined || !hasProcFs || program.hasExited) return undefined;
  const row = listTreeSockets(pid, 'tcp').find((r) => r.remotePort === peer.localPort && r.localPort === peer.remotePort);
  return row ? { closeWait: row.state === TCP_CLOSE_WAIT, unsent: row.txQueue } : undefined;
}

/** Bytes that have arrived on our peer's socket and that it has not read yet (0 where it cannot be seen). */
export function unreadByPeer(peer: { readonly localPort: number; readonly remotePort: number }): number {
  if (!hasProcFs) return 0;
  return findSocketRow('self', 'tcp', (r) => r.localPort === peer.localPort && r.remotePort === peer.remotePort)?.rxQueue ?? 0;
}

/** How many sockets the program's whole tree holds open (listening ones included); 0 where it cannot be seen. */
export function countOpenSockets(program: Program): number {
  const pid = program.pid;
  if (pid === undefined || !hasProcFs || program.hasExited) return 0;
  const inodes = new Set<number>();
  for (const member of listProcessTree(pid)) for (const inode of listSocketInodes(member)) inodes.add(inode);
  return inodes.size;
}

/**
 * Whether the program's tree still has a listening TCP socket; true where it cannot be seen. A
 * server that crashed closes its sockets while the interpreter tears down, before /proc shows it
 * ending: "no longer listens" is the earlier sign.
 */
export function stillListens(program: Program): boolean {
  const pid = program.pid;
  if (pid === undefined || !hasProcFs) return true;
  return !program.hasExited && listBoundSockets(pid, 'tcp').length > 0;
}

/**
 * Where a Python program made its socket calls, with what they did: the shim's counts, current at
 * this moment (also for a program that was killed). Empty for a program in another language, a
 * reference, or a Python program that made no socket call. `callSites(server.program)`
 */
export function callSites(program: Program): readonly CallSite[] {
  if (!program.isLearners) return [];
  return readCallSites(program.options.python?.eventsFile);
}

export { siteWhere, isRecvCall, isSendCall, type CallSite, type SocketCall } from '../python/sites.js';
