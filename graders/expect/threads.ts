// Servers that serve each client in a thread of its own: one thread's crash prints a traceback
// (Python's threading, socketserver's handle_error) but the program goes on running, so the
// process-level expectations (expectNoCrash, explainCrash) do not see it. These do.
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import { hintForCrash } from '../../harness/check/diagnose.js';
import { describeTraceback, isStrForBytes, tracebackText } from '../../harness/python/errors.js';
import type { Program } from '../../harness/process/program.js';
import { explainCrash } from './process.js';

const STR_FOR_BYTES_HINT = t(
  'Socket data is bytes in Python 3: send bytes (the data you received as it is, or text.encode()), never a str.',
  '在 Python 3 中套接字数据是 bytes：发送 bytes（原样发送收到的数据，或者 text.encode()），绝不要发送 str。',
);

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** How long a thread's traceback may take to reach us after the connection it broke. */
const THREAD_TRACEBACK_GRACE_MS = 300;

/** Where the program's error output stands now; give it to `threadCrashSince` later. */
export function stderrMark(program: Program): number {
  return program.stderr.text().length;
}

/** The traceback a live program printed after `mark` ("TypeError: … (at server.py:25)"), if any. */
export function threadCrashSince(program: Program, mark: number): string | undefined {
  return describeTraceback(program.stderr.text().slice(mark));
}

/** Waits (bounded) for a traceback after `mark` to be printed; resolves it, or undefined. */
export async function awaitThreadCrash(program: Program, mark: number, graceMs = THREAD_TRACEBACK_GRACE_MS): Promise<string | undefined> {
  await program.stderr.waitFor((text) => describeTraceback(text.slice(mark)) !== undefined, graceMs);
  return threadCrashSince(program, mark);
}

/**
 * Runs an interaction with a server; if it fails and the whole program crashed, the crash explains
 * it (explainCrash); if only a thread crashed (a traceback, the program still running), the failure
 * says so: "<failure>; meanwhile a thread of the server crashed: UnicodeDecodeError … (at server.py:9)".
 */
export async function explainThreadCrash<T>(program: Program, situation: string | Text, interaction: () => Promise<T>, peer?: { readonly closeKind: unknown }): Promise<T> {
  const mark = stderrMark(program);
  try {
    return await explainCrash(program, situation, interaction, peer);
  } catch (error) {
    if (!isCheckFailure(error) || program.hasExited) throw error;
    // A thread that crashed closes (or abandons) its connection: its traceback follows closely.
    const crash = peer?.closeKind !== undefined ? await awaitThreadCrash(program, mark) : threadCrashSince(program, mark);
    if (!crash) throw error;
    const stderr = program.stderr.text().slice(mark);
    const hint = isStrForBytes(stderr) ? STR_FOR_BYTES_HINT : hintForCrash(stderr) ?? error.details.hint;
    const when = asText(situation);
    const failure = asText(error.text);
    const where = tracebackText(stderr) ?? t(crash, crash);
    return fail(t(
      `a thread of the server crashed ${when.en}: ${crash}; the program went on running, but ${lowerFirst(failure.en)}`,
      `服务器的一个线程${when.zh}崩溃了：${where.zh}；程序仍在运行，但是${failure.zh}`,
    ), { ...error.details, ...(hint ? { hint } : {}) });
  }
}
