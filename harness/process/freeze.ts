// Freezing a program's whole tree (SIGSTOP) and thawing it (SIGCONT): lets a scenario make an
// ordering certain, e.g. a reset connection that waits in the accept queue until the program
// next runs, so the program meets the reset on every run, not only when it is slow.
import { hasProcFs, listProcessTree } from './proc.js';

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Sends `signal` to every process of the tree (the process group where /proc is missing). */
export function signalTree(rootPid: number, signal: 'SIGSTOP' | 'SIGCONT'): void {
  if (!hasProcFs) {
    signalQuietly(-rootPid, signal);
    return;
  }
  // Twice for SIGSTOP: a process forked while we walked the tree is caught by the second pass.
  const passes = signal === 'SIGSTOP' ? 2 : 1;
  for (let pass = 0; pass < passes; pass++) for (const pid of listProcessTree(rootPid)) signalQuietly(pid, signal);
}
