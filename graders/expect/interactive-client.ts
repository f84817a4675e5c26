// Driving an interactive client, whose user is its standard input, against a scripted server:
// type a line, wait until the server received what the client sent for it, answer, wait until
// stdout shows the answer. Prompts written without a newline (`Please input msg:`) never matter:
// every wait is for bytes on the wire or a payload in stdout, never for a line of output. The two
// checks of how such a client ends are here too, for any exercise with one.
import type { CheckContext } from '../../harness/check/context.js';
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import { describeEnding } from '../../harness/check/diagnose.js';
import type { TcpPeer } from '../../harness/net/tcp-peer.js';
import { canObserveKernel, isWaitingForInput } from '../../harness/check/observe.js';
import type { Program } from '../../harness/process/program.js';
import { previewBytes } from '../../harness/util/bytes.js';
import { showsPayload } from './output.js';
import { expectNoCrash } from './process.js';
import { describeBusy, isBusy, measureBusyness, readTreeCalls } from '../../harness/process/busy.js';
import { CLIENT_CONNECTS } from './starts.js';
import type { Check } from '../../harness/check/types.js';

export type Bytes = string | Uint8Array;

/** One turn of the conversation. */
export interface Exchange {
  /** The line the user types (a newline is added). */
  readonly type: string;
  /** What the client must send for it; by default the line as typed (UTF-8, no newline). */
  readonly sends?: Bytes;
  /** The scripted server's answer: bytes, or made from what the client sent (an echo: `(sent) => sent`). */
  readonly answer: Bytes | ((sent: Buffer) => Bytes);
  /** What stdout must show once the answer arrived; by default the answer itself. */
  readonly shows?: Bytes;
}

/** recvfrom(2) and recvmsg(2): 45 and 47 on x86_64, 207 and 212 on arm64. */
const RECV_SYSCALLS = new Set(['45', '47', '207', '212']);

/** Whether some thread of the tree is blocked receiving from a socket. */
function isWaitingInRecv(rootPid: number): boolean {
  return readTreeCalls(rootPid).some((call) => !call.running && RECV_SYSCALLS.has(call.nr ?? ''));
}

/** How long a crashed client's exit and traceback may take to show up after its connection closed. */
const CRASH_GRACE_MS = 300;

function toBuffer(data: Bytes): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
}

function isNewline(byte: number | undefined): boolean {
  return byte === 0x0a || byte === 0x0d;
}

/**
 * A client program and the scripted server it connected to, driven turn by turn.
 *
 * ```ts
 * const user = await InteractiveClient.start(ctx);          // acceptClient(): connected, stdin open
 * await user.exchange({ type: 'hello', answer: (sent) => sent });      // an echo server
 * await user.exchange({ type: 'ls', answer: 'server received you message.' });
 * user.endInput();                                           // Ctrl-D
 * await expectEndsByItself(user.program, ctx.timeouts.exitMs, 'after its input ended', hint);
 * ```
 *
 * What the client sends for a line is compared byte for byte; one newline after it is tolerated
 * (a client that sends `readline()`'s line as it is), and skipped before the next turn.
 */
export class InteractiveClient {
  /** Where the next message starts in everything the server received. */
  #from = 0;

  constructor(readonly program: Program, readonly peer: TcpPeer, readonly replyMs: number) {}

  /** Starts the learner's client against a scripted server (with the usual diagnosis if it never connects). */
  static async start(ctx: CheckContext): Promise<InteractiveClient> {
    const { program, peer } = await ctx.acceptClient();
    return new InteractiveClient(program, peer, ctx.timeouts.replyMs);
  }

  /** Types lines on the client's stdin, each followed by a newline. */
  type(...lines: string[]): void {
    for (const line of lines) this.program.writeStdin(`${line}\n`);
  }

  /** Closes the client's stdin: the user pressed Ctrl-D. */
  endInput(): void {
    this.program.endStdin();
  }

  /**
   * Waits until the client has sent `expected` and returns it. `after` says what the user did
   * (`we typed "hello"`). Fails, saying what the client did instead, if it sends something else or
   * nothing in time.
   */
  async expectSent(expected: Bytes, after: string): Promise<Buffer> {
    const want = toBuffer(expected);
    const from = this.#from;
    const leadingNewlines = (all: Buffer) => {
      let n = 0;
      while (n < 2 && isNewline(all[from + n])) n++;
      return n;
    };
    // Done once the message is complete or can no longer become it.
    const settled = (all: Buffer) => {
      const got = all.subarray(from + leadingNewlines(all));
      return got.length >= want.length || !got.equals(want.subarray(0, got.length));
    };
    try {
      await this.peer.readUntil(settled, `the client's message ${after}`, this.replyMs);
    } catch (error) {
      if (!isCheckFailure(error)) throw error;
    }
    const all = this.peer.received();
    const skipped = leadingNewlines(all);
    const got = all.subarray(from + skipped, from + skipped + want.length);
    if (got.equals(want)) {
      let end = from + skipped + want.length;
      // The newline a readline()-style client sends with the line, if it is already here.
      if (all[end] === 0x0d && all[end + 1] === 0x0a) end += 2;
      else if (all[end] === 0x0a) end += 1;
      this.#from = end;
      return got;
    }
    const raw = all.subarray(from);
    const situation = `after ${after}`;
    if (raw.length === 0) await this.#explainSilence(situation, want);
    return fail(`${situation}, the client sent ${previewBytes(raw)}${raw.length < want.length && !this.program.hasExited ? ' and then nothing' : ''}; it should send ${previewBytes(want)}`, {
      expected: previewBytes(want),
      actual: previewBytes(raw),
    });
  }

  /** Sends the server's answer; returns where stdout stood, for `expectShown`. */
  async answer(data: Bytes): Promise<number> {
    const mark = this.program.stdout.text().length;
    await this.peer.send(toBuffer(data));
    return mark;
  }

  /** Waits until stdout, after `mark`, shows `payload` (as text or as Python prints bytes). */
  async expectShown(payload: Bytes, mark: number, what: string): Promise<void> {
    const bytes = toBuffer(payload);
    const shown = await this.program.stdout.waitFor((text) => showsPayload(text.slice(mark), bytes), this.replyMs);
    if (shown) return;
    if (this.program.mayBeEnding()) {
      await this.program.settle(CRASH_GRACE_MS);
      expectNoCrash(this.program, `after ${what} arrived`);
    }
    const printed = this.program.stdout.text().slice(mark).trim();
    fail(`the client did not print ${what} ${previewBytes(bytes)}${this.program.hasExited ? `; it ${describeEnding(this.program)}` : ''}`, {
      expected: `output showing ${previewBytes(bytes)}`,
      actual: printed ? printed.slice(0, 300) : '(nothing)',
    });
  }

  /**
   * One turn: type, expect what the client sends, answer, and (unless `shown` is false) expect the
   * answer on stdout. Returns what was sent. Checks of other points than the printing pass
   * `{ shown: false }`, so that a client that prints wrongly loses only the check of its printing.
   */
  async exchange(turn: Exchange, { shown = true }: { readonly shown?: boolean } = {}): Promise<Buffer> {
    this.type(turn.type);
    const sent = await this.expectSent(turn.sends ?? turn.type, `we typed ${JSON.stringify(turn.type)}`);
    const answer = typeof turn.answer === 'function' ? turn.answer(sent) : turn.answer;
    const mark = await this.answer(answer);
    if (shown) await this.expectShown(turn.shows ?? answer, mark, "the server's answer");
    return sent;
  }

  async #explainSilence(situation: string, want: Buffer): Promise<void> {
    const program = this.program;
    if (program.mayBeEnding()) {
      await program.settle(CRASH_GRACE_MS);
      expectNoCrash(program, situation);
      if (program.hasExited) fail(`${situation}, the client ${describeEnding(program)} without sending ${previewBytes(want)}`);
    }
    const pid = program.pid;
    const known = pid !== undefined && canObserveKernel;
    const waiting = isWaitingForInput(program)
      ? ': it is waiting for more keyboard input'
      : known && isWaitingInRecv(pid)
        ? ': it is waiting in recv() for an answer to something we never received'
        : this.peer.closeKind ? `, and ${this.peer.closeKind === 'reset' ? 'reset' : 'closed'} the connection` : '';
    fail(`${situation}, the client sent nothing in ${this.replyMs / 1000} s${waiting}; it should send ${previewBytes(want)}`, {
      expected: previewBytes(want),
      actual: '(nothing)',
    });
  }
}

/**
 * Expects a client to end by itself within `timeoutMs` (stdin still open, unless the check closed
 * it) and cleanly: no traceback. If it does not, says whether it went back to input(), loops, or
 * waits for something else.
 * `await expectEndsByItself(user.program, ctx.timeouts.exitMs, 'after the server closed the connection', hint)`
 */
export async function expectEndsByItself(program: Program, timeoutMs: number, situation: string, hint: string): Promise<void> {
  const exit = await program.waitExit(timeoutMs);
  if (!exit) {
    const onStdin = isWaitingForInput(program);
    const busyness = onStdin ? undefined : await measureBusyness(program);
    if (!busyness?.exited) {
      const doing = onStdin
        ? 'it is waiting for keyboard input again'
        : busyness && isBusy(busyness) ? `it is in ${describeBusy(busyness)}` : 'it is waiting for something';
      fail(`the client did not end by itself within ${(timeoutMs / 1000).toFixed(1)} s ${situation}: ${doing}`, { hint });
    }
  }
  await program.settle(CRASH_GRACE_MS);
  expectNoCrash(program, situation);
}

const END_OF_INPUT_HINT = "input() raises EOFError at the end of input: catch it (try/except EOFError: break) and close the socket. A readline() that returns '' means the same.";
const SERVER_CLOSED_HINT = "If recv() returns b'' the server has closed the connection: say so and stop (break), instead of asking the user for more.";

/**
 * `client-ends-at-end-of-input` (quit, 1 point): after one turn (its printing not graded), stdin
 * ends, as when the user presses Ctrl-D; the client must end by itself, without a traceback.
 * `endsAtEndOfInputCheck({ type: 'ls', answer: 'server received you message.' })`
 */
export function endsAtEndOfInputCheck(turn: Exchange): Check {
  return {
    id: 'client-ends-at-end-of-input',
    title: 'ends cleanly when its input ends (Ctrl-D)',
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: END_OF_INPUT_HINT,
    async run(ctx) {
      const user = await InteractiveClient.start(ctx);
      await user.exchange(turn, { shown: false });
      user.endInput();
      await expectEndsByItself(user.program, ctx.timeouts.exitMs, 'after its input ended', END_OF_INPUT_HINT);
    },
  };
}

/**
 * `client-ends-when-server-closes` (empty-recv, 1 point): after one turn the server hangs up (FIN,
 * still reading) and the user types `next`, so a client waiting in input() sends once more and
 * meets recv() == b''; it must end by itself, without a traceback.
 * `endsWhenServerClosesCheck({ type: 'hello', answer: (sent) => sent }, 'are you there?')`
 */
export function endsWhenServerClosesCheck(turn: Exchange, next: string): Check {
  return {
    id: 'client-ends-when-server-closes',
    title: 'ends cleanly when the server closes the connection',
    role: 'client',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: SERVER_CLOSED_HINT,
    async run(ctx) {
      const user = await InteractiveClient.start(ctx);
      await user.exchange(turn, { shown: false });
      user.peer.shutdownWrite();
      user.type(next);
      await expectEndsByItself(user.program, ctx.timeouts.exitMs, 'after the server closed the connection', SERVER_CLOSED_HINT);
    },
  };
}
