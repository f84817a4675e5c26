// Interactive clients: the scenario types lines on the client's standard input (its user) and a
// scripted server answers. What a client sends is graded on the wire, what it shows by the
// payload appearing on its stdout (prompts and decoration aside).
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import { endingText } from '../../harness/check/diagnose.js';
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
import { exitText } from '../../harness/process/program.js';
import type { TcpPeer } from '../../harness/net/tcp-peer.js';
import { canObserveKernel, isWaitingForInput } from '../../harness/check/observe.js';
import type { Program } from '../../harness/process/program.js';
import { byteMismatchText, previewBytes } from '../../harness/util/bytes.js';
import { showsPayload } from './output.js';
import { expectNoCrash, explainCrash, isSpinning, measureActivity } from './process.js';

/** Output growth after the situation that counts as printing endlessly (as in expectIdle). */
const FLOOD_BYTES = 64 * 1024;

/** Types one line, as a user would (with its newline). */
export function typeLine(program: Program, line: string): void {
  program.writeStdin(`${line}\n`);
}

/** Whether some thread of the program waits for the user (input(), sys.stdin.readline()). */
export function isWaitingForUser(program: Program): boolean {
  return isWaitingForInput(program);
}

/** How often to look whether a program has reached input(). */
const STDIN_POLL_MS = 5;

/**
 * Waits (bounded) until a Python client waits for the user in input() again: what happens next
 * (the server closing, a message arriving) then meets it there on every run, not only when its
 * input thread happened to be quick. Other languages may read stdin without blocking in read(2);
 * they are not waited for.
 */
export async function settleAtInput(program: Program, boundMs: number): Promise<void> {
  if (!program.isPython || !canObserveKernel) return;
  const deadline = performance.now() + boundMs;
  while (!program.hasExited && !isWaitingForUser(program) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, STDIN_POLL_MS));
  }
}

/**
 * After the user typed `line`, waits for the client to send exactly its bytes (no newline) from
 * offset `from` of what `peer` received; fails saying what it sent instead. Returns the offset
 * after it. `from = await expectSends(client, peer, from, 'hello', ctx.timeouts.replyMs)`
 */
export async function expectSends(program: Program, peer: TcpPeer, from: number, line: string, timeoutMs: number): Promise<number> {
  const expected = Buffer.from(line, 'utf8');
  const quoted = JSON.stringify(line);
  const situation = t(`after the user typed ${quoted}`, `在用户输入 ${quoted} 之后`);
  await explainCrash(program, situation, async () => {
    try {
      await peer.readExactly(expected.length, timeoutMs, { from });
    } catch (error) {
      if (!isCheckFailure(error)) throw error;
      const got = peer.received().subarray(from);
      if (peer.closeKind) {
        // A client that closes its connection is most likely ending: its exit (and traceback) follows.
        await program.settle(timeoutMs);
        expectNoCrash(program, situation);
      }
      const sent = got.length ? t(`sent ${previewBytes(got)}`, `发送了 ${previewBytes(got)}`) : t('sent nothing', '什么也没有发送');
      const seconds = timeoutMs / 1000;
      const then = peer.closeKind
        ? (program.hasExited ? t(' and then ended', '，然后结束了') : t(' and then closed the connection', '，然后关闭了连接'))
        : got.length === 0 && isWaitingForUser(program)
          ? t(` in ${seconds} s: it is still waiting for the user to type (input())`, `（${seconds} s 内）：它仍在等待用户输入（input()）`)
          : t(` in ${seconds} s`, `（${seconds} s 内）`);
      fail(t(`${situation.en}, the client ${sent.en}${then.en}`, `${situation.zh}，客户端${sent.zh}${then.zh}`), {
        expected: previewBytes(expected),
        actual: got.length ? previewBytes(got) : t('(nothing)', '（无）'),
      });
    }
  }, peer);
  const got = peer.received().subarray(from);
  if (!got.equals(expected)) {
    const newline = got.length === expected.length + 1 && got.subarray(0, expected.length).equals(expected) && (got.at(-1) === 0x0a || got.at(-1) === 0x0d);
    const sent = previewBytes(got);
    const mismatch = byteMismatchText(expected, got);
    fail(newline
      ? t(`${situation.en}, the client sent ${sent} (${mismatch.en}): the newline went out with the message`, `${situation.zh}，客户端发送了 ${sent}（${mismatch.zh}）：换行符随消息一起发了出去`)
      : t(`${situation.en}, the client sent ${sent} (${mismatch.en})`, `${situation.zh}，客户端发送了 ${sent}（${mismatch.zh}）`), {
      expected: previewBytes(expected),
      actual: sent,
      ...(newline ? {
        hint: t(
          "Send the line as input() returns it, without its newline: the server compares whole messages (msg == 'quit'), and 'quit\\n' is another message.",
          "按 input() 返回的样子发送这一行，不带换行符：服务器比较的是整条消息（msg == 'quit'），而 'quit\\n' 是另一条消息。",
        ),
      } : {}),
    });
  }
  return from + expected.length;
}

/**
 * Waits until the client's stdout, from character `fromText` on, shows `payload`; fails saying what
 * it printed instead (and why, when it crashed or is waiting for the user).
 */
export async function expectPrints(program: Program, payload: Buffer, fromText: number, timeoutMs: number, situation: string | Text, hint?: string | Text): Promise<void> {
  const shown = await program.stdout.waitFor((text) => showsPayload(text.slice(fromText), payload), timeoutMs);
  if (shown) return;
  const when = asText(situation);
  const preview = previewBytes(payload);
  if (program.hasExited) {
    await program.settle(300);
    expectNoCrash(program, situation);
    const ending = endingText(program);
    fail(t(`${when.en}, the client ended without printing ${preview}: it ${ending.en}`, `${when.zh}，客户端没有打印 ${preview} 就结束了：它${ending.zh}`));
  }
  const printed = program.stdout.text().slice(fromText).trim();
  const seconds = timeoutMs / 1000;
  return fail(isWaitingForUser(program)
    ? t(`${when.en}, the client did not print ${preview} within ${seconds} s; it was waiting for the user to type (input()) instead`, `${when.zh}，客户端没有在 ${seconds} s 内打印 ${preview}；它反而在等待用户输入（input()）`)
    : t(`${when.en}, the client did not print ${preview} within ${seconds} s`, `${when.zh}，客户端没有在 ${seconds} s 内打印 ${preview}`), {
    expected: t(`a line showing ${payload.toString('utf8')}`, `显示 ${payload.toString('utf8')} 的一行`),
    actual: printed ? printed.slice(-300) : t('(nothing)', '（无）'),
    ...(hint ? { hint } : {}),
  });
}

export interface EndingHints {
  /** For a client that keeps printing (the same line again and again, or endlessly). */
  readonly repeats: string | Text;
  /** For a client that waits for the user to type. */
  readonly waitsForUser: string | Text;
  /** For anything else (waiting in recv(), a thread that never ends). */
  readonly other: string | Text;
}

/**
 * Python aborts at exit when a daemon thread is still inside input(): "Fatal Python error:
 * _enter_buffered_busy: could not acquire lock for <_io.BufferedReader name='<stdin>'> at
 * interpreter shutdown, possibly due to daemon threads" (SIGABRT, or SIGSEGV under some limits).
 */
const DAEMON_STDIN_ABORT = /Fatal Python error: _enter_buffered_busy: could not acquire lock for <_io\.BufferedReader name='<stdin>'>/;

/** Like expectNoCrash, and names the abort a daemon input thread causes at exit. */
function expectCleanExit(program: Program, situation: string | Text): void {
  if (DAEMON_STDIN_ABORT.test(program.stderr.text())) {
    const when = asText(situation);
    const how = exitText(program.exitInfo!);
    fail(t(
      `${when.en}, the client ended by aborting (it ${how.en}): Python could not shut down while a daemon thread was still inside input() (Fatal Python error: _enter_buffered_busy … possibly due to daemon threads)`,
      `${when.zh}，客户端异常中止而结束（它${how.zh}）：有一个守护线程还停在 input() 里，Python 无法正常退出（Fatal Python error: _enter_buffered_busy … possibly due to daemon threads）`,
    ), {
      hint: t(
        'A thread blocked in input() cannot be stopped, and a daemon thread still reading stdin makes Python abort at exit: end the program with os._exit(0) once it is done (after sending exit, or when recv() returns b\'\').',
        "阻塞在 input() 中的线程无法停止，而仍在读取标准输入的守护线程会让 Python 在退出时异常中止：程序完成后用 os._exit(0) 结束它（在发送 exit 之后，或 recv() 返回 b'' 时）。",
      ),
    });
  }
  expectNoCrash(program, situation);
}

/** The line printed most often in `text`, and how often (blank lines aside). */
function mostRepeatedLine(text: string): { line: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) counts.set(line, (counts.get(line) ?? 0) + 1);
  let best: { line: string; count: number } | undefined;
  for (const [line, count] of counts) if (!best || count > best.count) best = { line, count };
  return best;
}

/**
 * Waits (bounded) for a client to end by itself after `situation`, its stdin still open; fails
 * saying what it does instead: a busy loop, endless or repeated printing (a receive loop going on
 * after recv() returned b''), waiting for the user, or waiting for something else. A client that
 * floods its output fails as soon as that shows, not at the bound.
 */
export async function expectEndsByItself(program: Program, timeoutMs: number, situation: string | Text, hints: EndingHints): Promise<void> {
  const when = asText(situation);
  const textMark = program.stdout.text().length;
  const bytesMark = program.stdout.totalBytes;
  const flooding = program.stdout.waitFor(() => program.stdout.totalBytes - bytesMark >= FLOOD_BYTES, timeoutMs);
  const outcome = await Promise.race([
    program.waitExit(timeoutMs).then((exit) => (exit ? ('exited' as const) : ('running' as const))),
    flooding.then((flood) => (flood ? 'flood' : new Promise<never>(() => {}))),
  ]);
  if (outcome === 'exited') {
    await program.settle(300);
    expectCleanExit(program, situation);
    return;
  }
  const seconds = `${(timeoutMs / 1000).toFixed(1)} s`;
  if (outcome === 'flood') {
    const kib = FLOOD_BYTES / 1024;
    fail(t(`${when.en}, the client printed more than ${kib} KiB and kept going instead of ending`, `${when.zh}，客户端打印了超过 ${kib} KiB 的内容，还在继续，而没有结束`), { hint: hints.repeats });
  }
  const activity = await measureActivity(program);
  if (activity.exited) {
    await program.settle(300);
    expectCleanExit(program, situation);
    return;
  }
  if (isSpinning(activity)) {
    const cpu = Math.round(activity.cpuShare * 100);
    fail(t(`${when.en}, the client did not end within ${seconds}: it is in a busy loop (${cpu}% of a CPU core)`, `${when.zh}，客户端没有在 ${seconds} 内结束：它陷入了忙循环（占用一个 CPU 核心的 ${cpu}%）`), { hint: hints.repeats });
  }
  const repeated = mostRepeatedLine(program.stdout.text().slice(textMark));
  if (repeated && repeated.count >= 2) {
    const line = JSON.stringify(repeated.line.slice(0, 80));
    fail(t(
      `${when.en}, the client did not end within ${seconds}: it printed ${line} ${repeated.count} times, and goes on`,
      `${when.zh}，客户端没有在 ${seconds} 内结束：它把 ${line} 打印了 ${repeated.count} 次，还在继续`,
    ), { hint: hints.repeats });
  }
  if (isWaitingForUser(program)) {
    fail(t(`${when.en}, the client did not end within ${seconds}: it is waiting for the user to type (input())`, `${when.zh}，客户端没有在 ${seconds} 内结束：它在等待用户输入（input()）`), { hint: hints.waitsForUser });
  }
  fail(t(
    `${when.en}, the client did not end within ${seconds}: it is waiting for something (recv()? a thread that never ends?)`,
    `${when.zh}，客户端没有在 ${seconds} 内结束：它在等待什么（recv()？一个永不结束的线程？）`,
  ), { hint: hints.other });
}
