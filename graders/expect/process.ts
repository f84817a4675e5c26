// Expectations about a running program: that it ends by itself, does not spin, did not crash.
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import { describeEnding, describeTraceback, hintForCrash } from '../../harness/check/diagnose.js';
import { describeExit, type Program } from '../../harness/process/program.js';
import { FLOOD_BYTES, isSpinning, measureActivity, SPIN_WINDOW_MS, type Activity } from '../../harness/process/activity.js';
import { t } from '../../harness/i18n/text.js';
import { describeSpinSite } from './call-sites.js';

export { isSpinning, measureActivity, SPIN_THRESHOLD, RUNNABLE_THRESHOLD, SPIN_WINDOW_MS, type Activity } from '../../harness/process/activity.js';

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
    const atLine = describeSpinSite(program, situation, Math.round(activity.cpuShare * 100), 'kept-running');
    if (atLine) fail(atLine, { hint: t("When recv() returns b'' the peer has closed: leave the loop (if not data: break) and close the connection.", "recv() 返回 b'' 说明对方已经关闭了连接：跳出循环（if not data: break），并关闭这个连接。") });
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
  const atLine = isSpinning(activity) ? describeSpinSite(program, situation, Math.round(activity.cpuShare * 100), 'did-not-end', (timeoutMs / 1000).toFixed(1)) : undefined;
  if (atLine) return fail(atLine, hint ? { hint } : {});
  const doing = isSpinning(activity)
    ? `it is in ${describeSpin(activity)}`
    : activity.outputBytes >= FLOOD_BYTES ? 'it keeps printing' : 'it is waiting for something';
  return fail(`the program did not end by itself within ${(timeoutMs / 1000).toFixed(1)} s ${situation}: ${doing}`, hint ? { hint } : {});
}

export { describeExit };
