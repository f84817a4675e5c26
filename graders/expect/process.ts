// Expectations about a running program: that it ends by itself, does not spin, did not crash.
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import { describeEnding, describeTraceback, hintForCrash } from '../../harness/check/diagnose.js';
import { describeExit, type Program } from '../../harness/process/program.js';
import { hasProcFs, isTreeRunnable } from '../../harness/process/proc.js';

/**
 * Above this share of one core over the sampling window, a program that should be waiting is in a
 * busy loop. A blocked program uses ~0; a spinning one got 0.33 of a core with five other spinners
 * on this 2-core machine. Under heavier load the share drops, so the runnable-state signal below
 * decides as well.
 */
export const SPIN_THRESHOLD = 0.2;
/** Share of samples in which some thread was runnable: a spinner is runnable whenever it is sampled. */
export const RUNNABLE_THRESHOLD = 0.8;
/** /proc CPU times tick every 10 ms, so windows shorter than this are noise. */
export const SPIN_WINDOW_MS = 400;
const SAMPLE_EVERY_MS = 10;
/** Samples after which a program that was never runnable and used no CPU counts as idle. */
const EARLY_IDLE_SAMPLES = 10;
/** Output growth in the window that counts as "printing endlessly". */
const FLOOD_BYTES = 64 * 1024;

export interface Activity {
  readonly cpuShare: number;
  /** Fraction of samples in which a thread of the program was running or waiting for a CPU. */
  readonly runnableShare: number;
  readonly outputBytes: number;
  readonly exited: boolean;
}

/** Whether the activity shows a busy loop (either signal suffices; see the thresholds). */
export function isSpinning(activity: Activity): boolean {
  return !activity.exited && hasProcFs && (activity.cpuShare >= SPIN_THRESHOLD || activity.runnableShare >= RUNNABLE_THRESHOLD);
}

/** Samples how busy a program is over a window (ends early if it exits). */
export async function measureActivity(program: Program, windowMs = SPIN_WINDOW_MS): Promise<Activity> {
  const cpu0 = program.cpuSeconds();
  const out0 = program.stdout.totalBytes + program.stderr.totalBytes;
  const t0 = performance.now();
  let samples = 0;
  let runnable = 0;
  let exit = program.exitInfo;
  while (!exit && performance.now() - t0 < windowMs) {
    if (program.pid !== undefined && hasProcFs) {
      samples++;
      if (isTreeRunnable(program.pid)) runnable++;
      // Never runnable, no CPU tick, no output for 10 samples: blocked (in recv, accept…). A
      // spinner is runnable in every sample, so it can never end the window early.
      const quiet = runnable === 0 && program.cpuSeconds() === cpu0 && program.stdout.totalBytes + program.stderr.totalBytes === out0;
      if (samples >= EARLY_IDLE_SAMPLES && quiet) break;
    }
    exit = await program.waitExit(SAMPLE_EVERY_MS);
  }
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = exit ? 0 : program.cpuSeconds() - cpu0;
  return {
    cpuShare: exit || elapsed <= 0 ? 0 : cpu / elapsed,
    runnableShare: exit || samples === 0 ? 0 : runnable / samples,
    outputBytes: program.stdout.totalBytes + program.stderr.totalBytes - out0,
    exited: exit !== undefined,
  };
}

function describeSpin(activity: Activity): string {
  return `a busy loop (${Math.round(activity.cpuShare * 100)}% of a CPU core, runnable in ${Math.round(activity.runnableShare * 100)}% of samples)`;
}

/**
 * Fails if the program is in a busy loop or printing endlessly after `situation`, e.g.
 * `await expectIdle(server.program, 'the client closed its side')`.
 */
export async function expectIdle(program: Program, situation: string): Promise<void> {
  const activity = await measureActivity(program);
  if (activity.exited) return;
  if (isSpinning(activity)) {
    fail(`after ${situation}, the program kept running: ${describeSpin(activity)}; recv() returns b'' at once, forever, once the peer has closed`, {
      hint: "When recv() returns b'' the peer has closed: leave the loop (if not data: break) and close the connection.",
    });
  }
  if (activity.outputBytes >= FLOOD_BYTES) {
    fail(`after ${situation}, the program printed ${activity.outputBytes} bytes in ${SPIN_WINDOW_MS} ms and kept going: it loops on an empty recv()`, {
      hint: "When recv() returns b'' the peer has closed: leave the loop instead of printing the empty data again and again.",
    });
  }
}

/** Fails if the program ended with a Python traceback or a signal (a crash, not a clean exit). */
export function expectNoCrash(program: Program, situation: string): void {
  const exit = program.exitInfo;
  if (!exit) return;
  const stderr = program.stderr.text();
  const traceback = describeTraceback(stderr);
  if (traceback || exit.signal || (exit.code !== 0 && exit.code !== null)) {
    const hint = hintForCrash(stderr);
    fail(`the program crashed ${situation}: ${describeEnding(program)}`, hint ? { hint } : {});
  }
}


/**
 * Runs an interaction with a program; if it fails and the program crashed meanwhile, the crash
 * (exception and file:line) is the better explanation and replaces the failure.
 * Pass the peer so a live program with an open connection is not waited for.
 * `await explainCrash(server.program, 'when a character was split', async () => { ... }, peer)`
 */
export async function explainCrash<T>(program: Program, situation: string, interaction: () => Promise<T>, peer?: { readonly closeKind: unknown }): Promise<T> {
  try {
    return await interaction();
  } catch (error) {
    // A closed connection or a program on its way out may hide a crash; a program blocked with the
    // connection still open has not crashed, and waiting for it would delay the verdict.
    if (isCheckFailure(error) && (!peer || peer.closeKind !== undefined || program.mayBeEnding())) {
      // The exit (and its traceback) may be a moment behind the closed connection that revealed it.
      await program.settle(CRASH_GRACE_MS);
      expectNoCrash(program, situation);
    }
    throw error;
  }
}

/** How long a failed interaction waits for the program's exit to show up. */
const CRASH_GRACE_MS = 300;

/**
 * Waits for the program to end by itself; if it does not, says whether it spins or waits.
 * Returns the exit for further checks.
 */
export async function expectEnds(program: Program, timeoutMs: number, situation: string, hint?: string) {
  const exit = await program.waitExit(timeoutMs);
  if (exit) return exit;
  const activity = await measureActivity(program);
  if (activity.exited && program.exitInfo) return program.exitInfo;
  const doing = isSpinning(activity)
    ? `it is in ${describeSpin(activity)}`
    : activity.outputBytes >= FLOOD_BYTES ? 'it keeps printing' : 'it is waiting for something';
  return fail(`the program did not end by itself within ${(timeoutMs / 1000).toFixed(1)} s ${situation}: ${doing}`, hint ? { hint } : {});
}

export { describeExit };
