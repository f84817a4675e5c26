// Waiting until a program has nothing left to do: every thread of its tree asleep (in recv(),
// accept(), a blocked send()), seen in /proc. What it was going to send unasked has been sent by then.
import type { Program } from '../../harness/process/program.js';
import { canObserveKernel, isRunnable } from '../../harness/check/observe.js';

const SAMPLE_MS = 10;
/** Samples in a row with no runnable thread that count as blocked: 50 ms. */
const BLOCKED_SAMPLES = 5;

export type BlockedOutcome = 'blocked' | 'until' | 'exited' | 'bound';

export interface BlockedWait {
  /** Wait at least this long, blocked or not (a program that sleeps before it misbehaves is still caught). */
  readonly minMs?: number;
  /** Never longer than this: a program that keeps running (or a system without /proc) ends the wait here. */
  readonly maxMs: number;
  /** Ends the wait at once when it holds, e.g. when bytes arrived. */
  readonly until?: () => boolean;
}

/**
 * Waits until the program is blocked (no thread of its tree runnable for 50 ms, sampled every
 * 10 ms) and `minMs` has passed, or `until()` holds, or it exits, or `maxMs` passes; says which.
 * A thread waiting for a CPU counts as runnable, so load delays the verdict but cannot fake it.
 * `await waitUntilBlocked(server.program, { minMs: 250, maxMs: 3000, until: () => peer.receivedBytes > 5 })`
 */
export async function waitUntilBlocked(program: Program, wait: BlockedWait): Promise<BlockedOutcome> {
  const { minMs = 0, maxMs, until } = wait;
  const started = performance.now();
  let quiet = 0;
  for (;;) {
    if (until?.()) return 'until';
    if (program.hasExited) return 'exited';
    const elapsed = performance.now() - started;
    if (!canObserveKernel || program.pid === undefined) {
      if (elapsed >= minMs) return 'blocked';
    } else {
      quiet = isRunnable(program) ? 0 : quiet + 1;
      if (quiet >= BLOCKED_SAMPLES && elapsed >= minMs) return 'blocked';
    }
    if (elapsed >= maxMs) return 'bound';
    await program.waitExit(SAMPLE_MS);
  }
}
