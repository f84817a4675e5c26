// Expectations about a running program: that it ends by itself, does not spin, did not crash.
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import { describeTraceback, endingText, hintForCrash } from '../../harness/check/diagnose.js';
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
import { describeExit, type Program } from '../../harness/process/program.js';
import { FLOOD_BYTES, isSpinning, measureActivity, SPIN_WINDOW_MS, type Activity } from '../../harness/process/activity.js';
import { describeSpinSite } from './call-sites.js';

export { isSpinning, measureActivity, SPIN_THRESHOLD, RUNNABLE_THRESHOLD, SPIN_WINDOW_MS, type Activity } from '../../harness/process/activity.js';

function describeSpin(activity: Activity): Text {
  const cpu = Math.round(activity.cpuShare * 100);
  const runnable = Math.round(activity.runnableShare * 100);
  return t(`a busy loop (${cpu}% of a CPU core, runnable in ${runnable}% of samples)`, `一个忙循环（占用一个 CPU 核心的 ${cpu}%，${runnable}% 的采样中处于可运行状态）`);
}

/**
 * Fails if the program is in a busy loop or printing endlessly after `situation`, a clause that
 * completes "after …" / "在……之后": e.g.
 * `await expectIdle(server.program, t('the client closed its side', '客户端关闭了它那一端'))`.
 */
export async function expectIdle(program: Program, situation: string | Text): Promise<void> {
  const activity = await measureActivity(program);
  if (activity.exited) return;
  const when = asText(situation);
  if (isSpinning(activity)) {
    const atLine = describeSpinSite(program, situation, Math.round(activity.cpuShare * 100), 'kept-running');
    const hint = t(
      "When recv() returns b'' the peer has closed: leave the loop (if not data: break) and close the connection.",
      "recv() 返回 b'' 表示对方已经关闭了连接：退出循环（if not data: break）并关闭连接。",
    );
    if (atLine) fail(atLine, { hint });
    const spin = describeSpin(activity);
    fail(t(
      `after ${when.en}, the program kept running: ${spin.en}; recv() returns b'' at once, forever, once the peer has closed`,
      `在${when.zh}之后，程序仍在不停运行：${spin.zh}；对方关闭连接后，recv() 会立即返回 b''，永远如此`,
    ), {
      hint,
    });
  }
  if (activity.outputBytes >= FLOOD_BYTES) {
    const printed = activity.outputBytes;
    fail(t(
      `after ${when.en}, the program printed ${printed} bytes in ${SPIN_WINDOW_MS} ms and kept going: it loops on an empty recv()`,
      `在${when.zh}之后，程序在 ${SPIN_WINDOW_MS} ms 内打印了 ${printed} 字节，而且还在继续：它在一个返回空数据的 recv() 上不停循环`,
    ), {
      hint: t(
        "When recv() returns b'' the peer has closed: leave the loop instead of printing the empty data again and again.",
        "recv() 返回 b'' 表示对方已经关闭了连接：退出循环，不要一遍又一遍地打印空数据。",
      ),
    });
  }
}

/**
 * Fails if the program ended with a Python traceback or a signal (a crash, not a clean exit).
 * `situation` completes "the program crashed …" / "程序……崩溃了": e.g.
 * `t('on binary data', '在处理二进制数据时')`, `t('after the client left', '在客户端离开之后')`.
 */
export function expectNoCrash(program: Program, situation: string | Text): void {
  const exit = program.exitInfo;
  if (!exit) return;
  const stderr = program.stderr.text();
  const traceback = describeTraceback(stderr);
  if (traceback || exit.signal || (exit.code !== 0 && exit.code !== null)) {
    const hint = hintForCrash(stderr);
    const when = asText(situation);
    const ending = endingText(program);
    fail(t(`the program crashed ${when.en}: ${ending.en}`, `程序${when.zh}崩溃了：${ending.zh}`), hint ? { hint } : {});
  }
}


/**
 * Runs an interaction with a program; if it fails and the program crashed meanwhile, the crash
 * (exception and file:line) is the better explanation and replaces the failure.
 * Pass the peer so a live program with an open connection is not waited for.
 * `await explainCrash(server.program, 'when a character was split', async () => { ... }, peer)`
 */
export async function explainCrash<T>(program: Program, situation: string | Text, interaction: () => Promise<T>, peer?: { readonly closeKind: unknown }): Promise<T> {
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

/**
 * How long a failed interaction waits for the program's exit to show up: an exit is made known
 * once the program's pipes have ended (up to 500 ms, program.ts), and a crash's reset can reach
 * the peer before that; under load 300 ms once missed a UnicodeDecodeError. A program that is
 * still running costs a failing check this much at most.
 */
export const CRASH_GRACE_MS = 1000;

/**
 * Waits for the program to end by itself; if it does not, says whether it spins or waits.
 * Returns the exit for further checks. `situation` completes "did not end by itself within 3 s …"
 * / "……3 s 内没有自己结束": e.g. `t('after the echo', '在收到回显之后')`.
 */
export async function expectEnds(program: Program, timeoutMs: number, situation: string | Text, hint?: string | Text) {
  const exit = await program.waitExit(timeoutMs);
  if (exit) return exit;
  const activity = await measureActivity(program);
  if (activity.exited && program.exitInfo) return program.exitInfo;
  const atLine = isSpinning(activity) ? describeSpinSite(program, situation, Math.round(activity.cpuShare * 100), 'did-not-end', (timeoutMs / 1000).toFixed(1)) : undefined;
  if (atLine) return fail(atLine, hint ? { hint } : {});
  const spin = describeSpin(activity);
  const doing = isSpinning(activity)
    ? t(`it is in ${spin.en}`, `它陷入了${spin.zh}`)
    : activity.outputBytes >= FLOOD_BYTES ? t('it keeps printing', '它一直在打印') : t('it is waiting for something', '它在等待什么');
  const within = `${(timeoutMs / 1000).toFixed(1)} s`;
  const when = asText(situation);
  return fail(t(`the program did not end by itself within ${within} ${when.en}: ${doing.en}`, `程序${when.zh}没有在 ${within} 内自己结束：${doing.zh}`), hint ? { hint } : {});
}

export { describeExit };
