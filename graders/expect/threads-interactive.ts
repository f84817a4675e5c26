// Interactive clients: the scenario types lines on the client's standard input (its user) and a
// scripted server answers. What a client sends is graded on the wire, what it shows by the
// payload appearing on its stdout (prompts and decoration aside).
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import { describeEnding } from '../../harness/check/diagnose.js';
import type { TcpPeer } from '../../harness/net/tcp-peer.js';
import { canObserveKernel, isWaitingForInput } from '../../harness/check/observe.js';
import type { Program } from '../../harness/process/program.js';
import { describeByteMismatch, previewBytes } from '../../harness/util/bytes.js';
import { showsPayload } from './output.js';
import { describeExit, expectNoCrash, explainCrash, isSpinning, measureActivity } from './process.js';

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
  const situation = `after the user typed ${JSON.stringify(line)}`;
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
      const waiting = got.length === 0 && isWaitingForUser(program) ? ': it is still waiting for the user to type (input())' : '';
      fail(`${situation}, the client sent ${got.length ? previewBytes(got) : 'nothing'}${peer.closeKind ? ` and then ${program.hasExited ? 'ended' : 'closed the connection'}` : ` in ${timeoutMs / 1000} s${waiting}`}`, {
        expected: previewBytes(expected),
        actual: got.length ? previewBytes(got) : '(nothing)',
      });
    }
  }, peer);
  const got = peer.received().subarray(from);
  if (!got.equals(expected)) {
    const newline = got.length === expected.length + 1 && got.subarray(0, expected.length).equals(expected) && (got.at(-1) === 0x0a || got.at(-1) === 0x0d);
    fail(`${situation}, the client sent ${previewBytes(got)} (${describeByteMismatch(expected, got)})${newline ? ': the newline went out with the message' : ''}`, {
      expected: previewBytes(expected),
      actual: previewBytes(got),
      ...(newline ? { hint: "Send the line as input() returns it, without its newline: the server compares whole messages (msg == 'quit'), and 'quit\\n' is another message." } : {}),
    });
  }
  return from + expected.length;
}

/**
 * Waits until the client's stdout, from character `fromText` on, shows `payload`; fails saying what
 * it printed instead (and why, when it crashed or is waiting for the user).
 */
export async function expectPrints(program: Program, payload: Buffer, fromText: number, timeoutMs: number, situation: string, hint?: string): Promise<void> {
  const shown = await program.stdout.waitFor((text) => showsPayload(text.slice(fromText), payload), timeoutMs);
  if (shown) return;
  if (program.hasExited) {
    await program.settle(300);
    expectNoCrash(program, situation);
    fail(`${situation}, the client ended without printing ${previewBytes(payload)}: it ${describeEnding(program)}`);
  }
  const printed = program.stdout.text().slice(fromText).trim();
  const waiting = isWaitingForUser(program) ? '; it was waiting for the user to type (input()) instead' : '';
  return fail(`${situation}, the client did not print ${previewBytes(payload)} within ${timeoutMs / 1000} s${waiting}`, {
    expected: `a line showing ${payload.toString('utf8')}`,
    actual: printed ? printed.slice(-300) : '(nothing)',
    ...(hint ? { hint } : {}),
  });
}

export interface EndingHints {
  /** For a client that keeps printing (the same line again and again, or endlessly). */
  readonly repeats: string;
  /** For a client that waits for the user to type. */
  readonly waitsForUser: string;
  /** For anything else (waiting in recv(), a thread that never ends). */
  readonly other: string;
}

/**
 * Python aborts at exit when a daemon thread is still inside input(): "Fatal Python error:
 * _enter_buffered_busy: could not acquire lock for <_io.BufferedReader name='<stdin>'> at
 * interpreter shutdown, possibly due to daemon threads" (SIGABRT, or SIGSEGV under some limits).
 */
const DAEMON_STDIN_ABORT = /Fatal Python error: _enter_buffered_busy: could not acquire lock for <_io\.BufferedReader name='<stdin>'>/;

/** Like expectNoCrash, and names the abort a daemon input thread causes at exit. */
function expectCleanExit(program: Program, situation: string): void {
  if (DAEMON_STDIN_ABORT.test(program.stderr.text())) {
    fail(`${situation}, the client ended by aborting (it ${describeExit(program.exitInfo!)}): Python could not shut down while a daemon thread was still inside input() (Fatal Python error: _enter_buffered_busy … possibly due to daemon threads)`, {
      hint: 'A thread blocked in input() cannot be stopped, and a daemon thread still reading stdin makes Python abort at exit: end the program with os._exit(0) once it is done (after sending exit, or when recv() returns b\'\').',
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
export async function expectEndsByItself(program: Program, timeoutMs: number, situation: string, hints: EndingHints): Promise<void> {
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
    fail(`${situation}, the client printed more than ${FLOOD_BYTES / 1024} KiB and kept going instead of ending`, { hint: hints.repeats });
  }
  const activity = await measureActivity(program);
  if (activity.exited) {
    await program.settle(300);
    expectCleanExit(program, situation);
    return;
  }
  if (isSpinning(activity)) {
    fail(`${situation}, the client did not end within ${seconds}: it is in a busy loop (${Math.round(activity.cpuShare * 100)}% of a CPU core)`, { hint: hints.repeats });
  }
  const repeated = mostRepeatedLine(program.stdout.text().slice(textMark));
  if (repeated && repeated.count >= 2) {
    fail(`${situation}, the client did not end within ${seconds}: it printed ${JSON.stringify(repeated.line.slice(0, 80))} ${repeated.count} times, and goes on`, { hint: hints.repeats });
  }
  if (isWaitingForUser(program)) {
    fail(`${situation}, the client did not end within ${seconds}: it is waiting for the user to type (input())`, { hint: hints.waitsForUser });
  }
  fail(`${situation}, the client did not end within ${seconds}: it is waiting for something (recv()? a thread that never ends?)`, { hint: hints.other });
}
