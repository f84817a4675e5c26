// Watches one running program's tree and stops it the moment it passes a limit the kernel does
// not enforce per tree: CPU time of all its processes, how many processes it has, how much it
// printed. Sampling /proc every 25 ms is cheap (a few small reads per process) and a fork bomb
// is frozen by the kill (SIGSTOP first) before it can outrun the walk.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hasProcFs, listProcessTree, readCpuSeconds } from './proc.js';
import { describeBreach, type LimitBreach, type ResourceLimits } from './limits.js';

const SAMPLE_MS = 25;

export interface WatchdogTarget {
  readonly pid: number;
  /** Processes in the tree that belong to the containment (unshare, bwrap), not to the program. */
  readonly wrappers: number;
  /** Bytes printed so far on stdout and stderr together. */
  printedBytes(): number;
  /** Stops the tree; called once, on the first breach. */
  stop(breach: LimitBreach): void;
}

export class Watchdog {
  #timer: NodeJS.Timeout | undefined;
  #breach: LimitBreach | undefined;
  #peakProcesses = 0;

  constructor(readonly limits: ResourceLimits, readonly target: WatchdogTarget) {
    if (hasProcFs && (limits.cpuSeconds || limits.processes)) {
      this.#timer = setInterval(() => this.sample(), SAMPLE_MS);
      this.#timer.unref();
    }
  }

  get breach(): LimitBreach | undefined {
    return this.#breach;
  }

  /** Most processes seen at once (the program's own, wrappers excluded). */
  get peakProcesses(): number {
    return this.#peakProcesses;
  }

  /** Call on every chunk of output: the output cap is checked as data arrives, not on a timer. */
  onOutput(): void {
    const { outputBytes } = this.limits;
    if (outputBytes && !this.#breach && this.target.printedBytes() > outputBytes) this.#trip(describeBreach('output', this.limits));
  }

  sample(): void {
    if (this.#breach) return;
    const tree = listProcessTree(this.target.pid);
    const own = Math.max(0, tree.length - this.target.wrappers);
    this.#peakProcesses = Math.max(this.#peakProcesses, own);
    if (this.limits.processes && own > this.limits.processes) {
      this.#trip(describeBreach('processes', this.limits, `${own} processes were running`));
      return;
    }
    if (this.limits.cpuSeconds) {
      const cpu = tree.reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
      if (cpu > this.limits.cpuSeconds) this.#trip(describeBreach('cpu', this.limits, `${cpu.toFixed(1)} s of CPU time used`));
    }
  }

  stopWatching(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #trip(breach: LimitBreach): void {
    this.#breach = breach;
    this.stopWatching();
    this.target.stop(breach);
  }
}

/**
 * A file under `dir` of at least `limit` bytes: RLIMIT_FSIZE cuts writes at exactly the limit
 * and Python ignores SIGXFSZ, so the cut file is often the only trace. Only files written since
 * `since` (epoch ms) count: the submission may ship large files of its own. Bounded walk.
 */
export function findFileAtLimit(dir: string, limit: number, since: number, budget = 2000): string | undefined {
  const queue = [dir];
  let seen = 0;
  while (queue.length && seen < budget) {
    const current = queue.shift()!;
    let entries: string[];
    try {
      entries = readdirSync(current);
    } catch {
      continue;
    }
    for (const name of entries) {
      if (++seen > budget) break;
      const full = join(current, name);
      try {
        const st = lstatSync(full, { throwIfNoEntry: false });
        if (!st) continue;
        if (st.isDirectory()) queue.push(full);
        else if (st.isFile() && st.size >= limit && st.mtimeMs >= since) return full;
      } catch {
        // vanished
      }
    }
  }
  return undefined;
}
