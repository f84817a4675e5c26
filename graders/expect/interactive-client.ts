// Driving an interactive client, whose user is its standard input, against a scripted server:
// type a line, wait until the server received what the client sent for it, answer, wait until
// stdout shows the answer. Prompts written without a newline (`Please input msg:`) never matter:
// every wait is for bytes on the wire or a payload in stdout, never for a line of output. The two
// checks of how such a client ends are here too, for any exercise with one.
import type { CheckContext } from '../../harness/check/context.js';
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import { endingText } from '../../harness/check/diagnose.js';
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
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
  async expectSent(expected: Bytes, after: string | Text): Promise<Buffer> {
    const did = asText(after);
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
      await this.peer.readUntil(settled, t(`the client's message ${did.en}`, `（${did.zh}之后）客户端的消息`), this.replyMs);
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
    const situation = t(`after ${did.en}`, `在${did.zh}之后`);
    if (raw.length === 0) await this.#explainSilence(situation, want);
    const sent = previewBytes(raw);
    const should = previewBytes(want);
    return fail(raw.length < want.length && !this.program.hasExited
      ? t(`${situation.en}, the client sent ${sent} and then nothing; it should send ${should}`, `${situation.zh}，客户端发送了 ${sent}，然后就没有再发送；它应当发送 ${should}`)
      : t(`${situation.en}, the client sent ${sent}; it should send ${should}`, `${situation.zh}，客户端发送了 ${sent}；它应当发送 ${should}`), {
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
  /** `what` names the data: "the server's answer" / "服务器的回复". */
  async expectShown(payload: Bytes, mark: number, what: string | Text): Promise<void> {
    const bytes = toBuffer(payload);
    const shown = await this.program.stdout.waitFor((text) => showsPayload(text.slice(mark), bytes), this.replyMs);
    if (shown) return;
    const data = asText(what);
    if (this.program.mayBeEnding()) {
      await this.program.settle(CRASH_GRACE_MS);
      expectNoCrash(this.program, t(`after ${data.en} arrived`, `在${data.zh}到达之后`));
    }
    const printed = this.program.stdout.text().slice(mark).trim();
    const preview = previewBytes(bytes);
    const ending = endingText(this.program);
    fail(this.program.hasExited
      ? t(`the client did not print ${data.en} ${preview}; it ${ending.en}`, `客户端没有打印${data.zh} ${preview}；它${ending.zh}`)
      : t(`the client did not print ${data.en} ${preview}`, `客户端没有打印${data.zh} ${preview}`), {
      expected: t(`output showing ${preview}`, `显示 ${preview} 的输出`),
      actual: printed ? printed.slice(0, 300) : t('(nothing)', '（无）'),
    });
  }

  /**
   * One turn: type, expect what the client sends, answer, and (unless `shown` is false) expect the
   * answer on stdout. Returns what was sent. Checks of other points than the printing pass
   * `{ shown: false }`, so that a client that prints wrongly loses only the check of its printing.
   */
  async exchange(turn: Exchange, { shown = true }: { readonly shown?: boolean } = {}): Promise<Buffer> {
    this.type(turn.type);
    const typed = JSON.stringify(turn.type);
    const sent = await this.expectSent(turn.sends ?? turn.type, t(`we typed ${typed}`, `我们输入 ${typed}`));
    const answer = typeof turn.answer === 'function' ? turn.answer(sent) : turn.answer;
    const mark = await this.answer(answer);
    if (shown) await this.expectShown(turn.shows ?? answer, mark, t("the server's answer", '服务器的回复'));
    return sent;
  }

  async #explainSilence(situation: Text, want: Buffer): Promise<void> {
    const program = this.program;
    const should = previewBytes(want);
    if (program.mayBeEnding()) {
      await program.settle(CRASH_GRACE_MS);
      expectNoCrash(program, situation);
      if (program.hasExited) {
        const ending = endingText(program);
        fail(t(`${situation.en}, the client ${ending.en} without sending ${should}`, `${situation.zh}，客户端没有发送 ${should} 就${ending.zh}`));
      }
    }
    const pid = program.pid;
    const known = pid !== undefined && canObserveKernel;
    const seconds = this.replyMs / 1000;
    const silent = t(`${situation.en}, the client sent nothing in ${seconds} s`, `${situation.zh}，客户端在 ${seconds} s 内什么也没有发送`);
    const waiting = isWaitingForInput(program)
      ? t(': it is waiting for more keyboard input', '：它在等待更多键盘输入')
      : known && isWaitingInRecv(pid)
        ? t(': it is waiting in recv() for an answer to something we never received', '：它在 recv() 中等待回复，而它要回复的东西我们从未收到')
        : this.peer.closeKind === 'reset' ? t(', and reset the connection', '，并重置了连接')
          : this.peer.closeKind ? t(', and closed the connection', '，并关闭了连接') : t('', '');
    fail(t(`${silent.en}${waiting.en}; it should send ${should}`, `${silent.zh}${waiting.zh}；它应当发送 ${should}`), {
      expected: should,
      actual: t('(nothing)', '（无）'),
    });
  }
}

/**
 * Expects a client to end by itself within `timeoutMs` (stdin still open, unless the check closed
 * it) and cleanly: no traceback. If it does not, says whether it went back to input(), loops, or
 * waits for something else.
 * `await expectEndsByItself(user.program, ctx.timeouts.exitMs, 'after the server closed the connection', hint)`
 */
export async function expectEndsByItself(program: Program, timeoutMs: number, situation: string | Text, hint: string | Text): Promise<void> {
  const exit = await program.waitExit(timeoutMs);
  if (!exit) {
    const onStdin = isWaitingForInput(program);
    const busyness = onStdin ? undefined : await measureBusyness(program);
    if (!busyness?.exited) {
      const busy = busyness && isBusy(busyness) ? describeBusy(busyness) : undefined;
      const doing = onStdin
        ? t('it is waiting for keyboard input again', '它又在等待键盘输入了')
        : busy ? t(`it is in ${busy.en}`, `它陷入了${busy.zh}`) : t('it is waiting for something', '它在等待什么');
      const within = `${(timeoutMs / 1000).toFixed(1)} s`;
      const when = asText(situation);
      fail(t(`the client did not end by itself within ${within} ${when.en}: ${doing.en}`, `客户端${when.zh}没有在 ${within} 内自己结束：${doing.zh}`), { hint });
    }
  }
  await program.settle(CRASH_GRACE_MS);
  expectNoCrash(program, situation);
}

const END_OF_INPUT_HINT = t(
  "input() raises EOFError at the end of input: catch it (try/except EOFError: break) and close the socket. A readline() that returns '' means the same.",
  "输入结束时 input() 会抛出 EOFError：捕获它（try/except EOFError: break）并关闭套接字。readline() 返回 '' 也是同样的意思。",
);
const SERVER_CLOSED_HINT = t(
  "If recv() returns b'' the server has closed the connection: say so and stop (break), instead of asking the user for more.",
  "如果 recv() 返回 b''，说明服务器已经关闭了连接：告诉用户并停止（break），不要再向用户要输入。",
);

/**
 * `client-ends-at-end-of-input` (quit, 1 point): after one turn (its printing not graded), stdin
 * ends, as when the user presses Ctrl-D; the client must end by itself, without a traceback.
 * `endsAtEndOfInputCheck({ type: 'ls', answer: 'server received you message.' })`
 */
export function endsAtEndOfInputCheck(turn: Exchange): Check {
  return {
    id: 'client-ends-at-end-of-input',
    title: t('ends cleanly when its input ends (Ctrl-D)', '输入结束（Ctrl-D）时干净地结束'),
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: END_OF_INPUT_HINT,
    async run(ctx) {
      const user = await InteractiveClient.start(ctx);
      await user.exchange(turn, { shown: false });
      user.endInput();
      await expectEndsByItself(user.program, ctx.timeouts.exitMs, t('after its input ended', '在输入结束之后'), END_OF_INPUT_HINT);
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
    title: t('ends cleanly when the server closes the connection', '服务器关闭连接时干净地结束'),
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
      await expectEndsByItself(user.program, ctx.timeouts.exitMs, t('after the server closed the connection', '在服务器关闭连接之后'), SERVER_CLOSED_HINT);
    },
  };
}
