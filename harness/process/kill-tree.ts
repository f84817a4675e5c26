// Ends a whole process tree with SIGKILL, whatever it does to resist.
import { listProcessTree, hasProcFs } from './proc.js';

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone, or not ours
  }
}

/**
 * Kills the tree rooted at `rootPid`. The tree is frozen first (SIGSTOP) so a fork bomb cannot
 * outrun the walk, then the process group and every descendant get SIGKILL. Returns the pids it
 * killed, for a bounded wait until they are gone (waitUntilDead).
 */
export function killProcessTree(rootPid: number): number[] {
  if (hasProcFs) {
    // Two passes: a process forked between listing and stopping is caught by the second.
    for (let pass = 0; pass < 2; pass++) {
      for (const pid of listProcessTree(rootPid)) killQuietly(pid, 'SIGSTOP');
    }
    const all = listProcessTree(rootPid);
    killQuietly(-rootPid, 'SIGKILL');
    for (const pid of all) killQuietly(pid, 'SIGKILL');
    return all;
  }
  killQuietly(-rootPid, 'SIGKILL');
  killQuietly(rootPid, 'SIGKILL');
  return [rootPid];
}

const live = new Set<number>();

/** Remembers a tree so that it is killed even if the grader exits abruptly. */
export function trackTree(rootPid: number): () => void {
  live.add(rootPid);
  return () => live.delete(rootPid);
}

function killAllTracked(): void {
  for (const pid of live) killProcessTree(pid);
  live.clear();
}

process.on('exit', killAllTracked);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAllTracked();
    process.kill(process.pid, signal);
  });
}
