// How busy a live program is over a short window: CPU share, how often it is runnable, and how
// much it prints. Tells "blocked in recv()/accept()" from "spinning on b''" (a busy loop).
import type { Program } from './program.js';
import { hasProcFs, isTreeRunnable } from './proc.js';

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
export const FLOOD_BYTES = 64 * 1024;

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

