// Expectations about how a program ends: a server that should go on serving, a client that ended
// (cleanly or with a traceback).
import { fail } from '../../harness/check/failure.js';
import { endingText } from '../../harness/check/diagnose.js';
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
import type { Program } from '../../harness/process/program.js';
import { hasTraceback } from '../../harness/python/errors.js';
import { expectNoCrash } from './process.js';

/** How long a failed interaction waits for the program's exit to show up. */
export const EXIT_GRACE_MS = 300;
/** For a program that is not blocked: it may be exiting. */
const ENDING_GRACE_MS = 2000;

/**
 * After an interaction with a server failed: if the server has ended, fails with how (its
 * traceback for a crash, else "it ended instead of accepting the next client"); otherwise returns
 * and the caller's own failure stands.
 * `catch (e) { if (isCheckFailure(e)) await expectStillServing(server, 'after the first client left'); throw e }`
 */
export async function expectStillServing(program: Program, situation: string | Text): Promise<void> {
  // A program on its way out (not blocked in accept/recv) may take more than the grace to be seen
  // exiting on a loaded machine; settle() returns as soon as it has.
  await program.settle(program.mayBeEnding() ? ENDING_GRACE_MS : EXIT_GRACE_MS);
  if (!program.hasExited) return;
  expectNoCrash(program, situation);
  const when = asText(situation);
  const ending = endingText(program);
  fail(t(
    `${when.en}, the server ended (${ending.en}) instead of going back to accept() the next client`,
    `${when.zh}，服务器结束了（${ending.zh}），而没有回到 accept() 等待下一个客户端`,
  ), {
    hint: t(
      'Keep accept() in an outer while True loop: when one client leaves, close its socket and wait for the next.',
      '把 accept() 放在外层的 while True 循环里：一个客户端离开后，关闭它的套接字，再等待下一个客户端。',
    ),
  });
}

/**
 * Fails if the client ended with a Python traceback or a signal. Its exit code is not judged: a
 * client may report "the server closed the connection" with sys.exit(1).
 */
export function expectNoTraceback(program: Program, situation: string | Text): void {
  const exit = program.exitInfo;
  if (exit && (exit.signal || hasTraceback(program.stderr.text()))) {
    const when = asText(situation);
    const ending = endingText(program);
    fail(t(`the client crashed ${when.en}: ${ending.en}`, `客户端${when.zh}崩溃了：${ending.zh}`));
  }
}
