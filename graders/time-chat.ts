// Checks for the time-chat exercise (EXERCISES.md § time-chat, seed 001 §TCP聊天室).
//
// Times: the server's reply carries time.ctime() of now, in the program's local time zone.
// sockgrade passes no TZ to programs, so that zone is the machine's (/etc/localtime), whatever TZ
// the grader itself runs with. The zone's offset is learned once from the reference server,
// started exactly like a submission (same environment, same machine), and every reply is judged
// as a wall-clock reading in that zone, within the interval between our send and its arrival.
import { render, t, type Text } from '../harness/i18n/text.js';
import { fail, isCheckFailure } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import { defineBaseline, type CheckContext } from '../harness/check/context.js';
import type { Address } from '../harness/process/command.js';
import type { ExitInfo, Program } from '../harness/process/program.js';
import type { TcpPeer } from '../harness/net/tcp-peer.js';
import { previewBytes } from '../harness/util/bytes.js';
import { showsPayload } from './expect/output.js';
import { expectIdle, expectNoCrash, explainCrash } from './expect/process.js';
import { EXIT_GRACE_MS, expectNoTraceback, expectStillServing } from './expect/serving.js';
import { bytesSent } from './expect/pairing.js';
import { readAnswer } from './expect/answers.js';
import { CTIME_LENGTH, formatCtimeWall, parseCtime } from './expect/ctime.js';
import { countOccurrences, expectEndsByItself, startReferencePair, typeWhenAsked } from './expect/interactive.js';
import { serverStartsCheck } from './expect/starts.js';

const PREFIX = '服务器当前时间=';
const PREFIX_BYTES = Buffer.from(PREFIX);
/** A right reply: the prefix (22 bytes of UTF-8) and 24 characters of time.ctime(). */
const REPLY_LENGTH = PREFIX_BYTES.length + CTIME_LENGTH;
const PROMPT = '请输入用户端发送内容：';
/** What the reference client prints before each answer. */
const PRINTED = '客户端接收的消息为：';
const QUIT = 'quit';
/** A printed time may be this far outside the interval between our send and the reply (1 s resolution, rounding). */
const SLACK_MS = 2000;
/** Deliberate gap between two messages: a server that reads the time once shows the same second twice. */
const GAP_MS = 1200;

const SERVER_STARTS = 'server-starts';
const CLIENT_CONNECTS = 'client-connects';

/**
 * Offset of the programs' time zone from UTC, in ms, as the reference server shows it. Not kept
 * across runs (no `persist`): it follows TZ and /etc/localtime, and the date (summer time).
 */
const programZone = defineBaseline("the time zone of a program sockgrade starts (the reference server's ctime)", async (ctx) => {
  const { address } = await ctx.startReferenceServer();
  const peer = await ctx.connect(address);
  const before = Date.now();
  await peer.send('几点了');
  const reply = await peer.readExactly(REPLY_LENGTH, ctx.timeouts.replyMs);
  const after = Date.now();
  const parsed = parseCtime(reply.subarray(PREFIX_BYTES.length).toString('utf8'));
  if (!parsed.ok) throw new Error(`the reference server's reply ${previewBytes(reply)} is not a ctime: ${parsed.problem}`);
  // Wall clock minus real time is the zone's offset (less the sub-second part ctime drops).
  return Math.round((parsed.wallMs - (before + after) / 2) / 60_000) * 60_000;
});

interface Interval {
  /** Our clock (Date.now()) just before sending. */
  readonly fromMs: number;
  /** Our clock once the reply was in. */
  readonly toMs: number;
}

function describeOffset(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A reply in the right format, with when it was asked for. */
interface TimeReply {
  /** The ctime's wall-clock reading (ms, read as UTC). */
  readonly wallMs: number;
  readonly interval: Interval;
  /** What we sent, for messages. */
  readonly asked: string | Text;
  readonly text: string;
}

function expectedReply(interval: Interval, offsetMs: number): string {
  return `${PREFIX}${formatCtimeWall(interval.toMs + offsetMs)} (the time of the reply, as time.ctime() prints it)`;
}

/** Judges a reply's form: exactly 服务器当前时间= and a time.ctime() string. */
function parseTimeReply(reply: Buffer, interval: Interval, offsetMs: number, asked: string | Text): TimeReply {
  const expected = expectedReply(interval, offsetMs);
  const text = reply.toString('utf8');
  if (!reply.subarray(0, PREFIX_BYTES.length).equals(PREFIX_BYTES)) {
    fail(t(
      `we sent ${render(asked, 'en')}; the server answered ${previewBytes(reply)}, which does not start with ${PREFIX}`,
      `我们发送了 ${render(asked, 'zh')}；服务器回答的是 ${previewBytes(reply)}，它不是以 ${PREFIX} 开头的`,
    ), { expected, actual: text });
  }
  const timeText = reply.subarray(PREFIX_BYTES.length).toString('utf8');
  const parsed = parseCtime(timeText);
  if (!parsed.ok) {
    fail(t(
      `we sent ${render(asked, 'en')}; the time in the answer, ${JSON.stringify(timeText)}, is not what time.ctime() prints: ${parsed.problem}`,
      `我们发送了 ${render(asked, 'zh')}；回答中的时间 ${JSON.stringify(timeText)} 不是 time.ctime() 打印的格式：${parsed.problem}`,
    ), { expected, actual: text });
  }
  return { wallMs: parsed.wallMs, interval, asked, text };
}

/**
 * Judges a reply's time: a moment inside the interval between our send and its arrival, in the
 * programs' zone, give or take SLACK_MS.
 */
function expectCurrent(reply: TimeReply, offsetMs: number): void {
  const { interval } = reply;
  const nowText = formatCtimeWall(interval.toMs + offsetMs);
  const earliest = Math.floor((interval.fromMs + offsetMs) / 1000) * 1000 - SLACK_MS;
  const latest = interval.toMs + offsetMs + SLACK_MS;
  if (reply.wallMs >= earliest && reply.wallMs <= latest) return;
  const off = Math.round((reply.wallMs - (interval.toMs + offsetMs)) / 1000);
  const quarters = Math.round(off / 900);
  const isZone = quarters !== 0 && Math.abs(off - quarters * 900) <= SLACK_MS / 1000;
  const hours = describeOffset(Math.abs(quarters) * 900_000).replace('UTC+', '');
  const said = formatCtimeWall(reply.wallMs);
  const en = isZone
    ? `we sent ${render(reply.asked, 'en')}; the answer says ${said}, but it was ${nowText} where the server runs: ${hours} h ${off < 0 ? 'behind' : 'ahead'} — a whole time-zone difference: the programs here run in ${describeOffset(offsetMs)}; use the local time (time.ctime()), not UTC or a fixed zone`
    : `we sent ${render(reply.asked, 'en')}; the answer says ${said}, but it was ${nowText} where the server runs: ${Math.abs(off)} s ${off < 0 ? 'behind' : 'ahead'}`;
  const zh = isZone
    ? `我们发送了 ${render(reply.asked, 'zh')}；回答中的时间是 ${said}，而服务器所在地当时是 ${nowText}：${off < 0 ? '慢了' : '快了'} ${hours} 小时——正好相差整数个时区：这里的程序运行在 ${describeOffset(offsetMs)} 时区；请使用本地时间（time.ctime()），不要用 UTC 或某个固定的时区`
    : `我们发送了 ${render(reply.asked, 'zh')}；回答中的时间是 ${said}，而服务器所在地当时是 ${nowText}：${off < 0 ? '慢了' : '快了'} ${Math.abs(off)} 秒`;
  fail(t(en, zh), {
    expected: expectedReply(interval, offsetMs),
    actual: reply.text,
  });
}

/** Judges a reply entirely: its form, then its time. */
function judgeTimeReply(reply: Buffer, interval: Interval, offsetMs: number, asked: string | Text): TimeReply {
  const parsed = parseTimeReply(reply, interval, offsetMs, asked);
  expectCurrent(parsed, offsetMs);
  return parsed;
}

/**
 * Sends `message` and reads the reply (complete at REPLY_LENGTH bytes, or whatever came before
 * a close or silence), explaining a crash by its traceback; then judges its form (and its time,
 * unless `checkTime` is false: the caller judges it later).
 */
async function exchange(ctx: CheckContext, program: Program, peer: TcpPeer, message: string | Buffer, offsetMs: number, situation: string, checkTime = true): Promise<TimeReply> {
  const asked = typeof message === 'string' ? JSON.stringify(message) : previewBytes(message);
  const from = peer.received().length;
  const fromMs = Date.now();
  const answer = await explainCrash(program, situation, async () => {
    await peer.send(message);
    const got = await readAnswer(peer, from, (d) => d.length >= REPLY_LENGTH, ctx.timeouts.replyMs);
    if (got.data.length === 0) {
      const quietS = ctx.timeouts.replyMs / 1000;
      const silence = peer.closeKind === 'reset'
        ? t(`we sent ${asked}; the server did not answer: it reset the connection`, `我们发送了 ${asked}；服务器没有回答：它重置了连接`)
        : peer.closeKind
          ? t(`we sent ${asked}; the server did not answer: it closed the connection`, `我们发送了 ${asked}；服务器没有回答：它关闭了连接`)
          : t(`we sent ${asked}; the server did not answer: it kept silent for ${quietS} s`, `我们发送了 ${asked}；服务器没有回答：它在 ${quietS} 秒内一直没有回应`);
      fail(silence, { expected: `${PREFIX}<time.ctime()>`, actual: '(nothing)' });
    }
    return got;
  }, peer);
  const interval = { fromMs, toMs: Date.now() };
  return checkTime ? judgeTimeReply(answer.data, interval, offsetMs, asked) : parseTimeReply(answer.data, interval, offsetMs, asked);
}

/** A new client connects after `situation` and is answered. */
async function expectServesNext(ctx: CheckContext, program: Program, address: Address, offsetMs: number, situation: string): Promise<void> {
  if (program.hasExited) await expectStillServing(program, situation);
  try {
    const next = await ctx.connect(address);
    await exchange(ctx, program, next, '下一个客户端', offsetMs, situation);
  } catch (error) {
    if (isCheckFailure(error)) await expectStillServing(program, situation);
    throw error;
  }
}

/** Waits for data or a close after `from`; resolves what came (nothing if it stayed silent). */
async function waitDataOrClose(peer: TcpPeer, from: number, timeoutMs: number): Promise<Buffer> {
  return (await readAnswer(peer, from, (d) => d.length > 0, timeoutMs)).data;
}

const server: Check[] = [
  serverStartsCheck(),
  {
    id: 'server-replies-time',
    title: t('answers a message with 服务器当前时间= and the current local time as time.ctime() prints it', '用 服务器当前时间= 加上 time.ctime() 格式的当前本地时间回答消息'),
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: t(
      "Answer every message with '服务器当前时间={0}'.format(time.ctime()).encode('utf-8'): exactly that text, nothing added.",
      "对每条消息都回答 '服务器当前时间={0}'.format(time.ctime()).encode('utf-8')：恰好是这段文本，不要添加任何内容。",
    ),
    async run(ctx) {
      const offset = await ctx.baseline(programZone);
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await exchange(ctx, program, peer, '你好', offset, 'after a message');
    },
  },
  {
    id: 'server-replies-every-message',
    title: t('answers every message of a client with the time of that message', '对客户端的每条消息，都用收到该消息时的时间来回答'),
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: t(
      'Inside the loop: recv() a message, then call time.ctime() and send the answer — for every message, with the time read again each time.',
      '在循环里面：先 recv() 一条消息，再调用 time.ctime() 并发送回答——每条消息都这样做，每次都重新读取时间。',
    ),
    async run(ctx) {
      const offset = await ctx.baseline(programZone);
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      const first = await exchange(ctx, program, peer, 'hello', offset, 'after the first message', false);
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
      const second = await exchange(ctx, program, peer, '现在几点了', offset, 'after the second message', false);
      // Staleness first: a time read once is also behind by then, but this says why.
      if (second.wallMs - first.wallMs < 1000) {
        fail(t(
          `the second answer shows ${formatCtimeWall(second.wallMs)}, the same second as the first, although we asked ${GAP_MS / 1000} s later: the time was read once, not for each message`,
          `第二次回答显示的是 ${formatCtimeWall(second.wallMs)}，和第一次是同一秒，而我们是在 ${GAP_MS / 1000} 秒之后才问的：时间只读取了一次，而不是每条消息读取一次`,
        ), {
          hint: t('Call time.ctime() when each message has arrived (inside the loop), not once before the loop.', '在每条消息到达时（循环里面）调用 time.ctime()，而不是在循环之前只调用一次。'),
        });
      }
      expectCurrent(first, offset);
      expectCurrent(second, offset);
    },
  },
  {
    id: 'server-serves-reference-client',
    title: t('answers the reference client, which types two lines and an empty one, and lets it end', '回答参考客户端（它输入两行，再输入一个空行），并让它正常结束'),
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: t("recv() one message, send one answer, repeat; when recv() returns b'' close the client's socket.", "recv() 一条消息，发送一个回答，如此重复；recv() 返回 b'' 时关闭与该客户端的套接字。"),
    async run(ctx) {
      const offset = await ctx.baseline(programZone);
      const fromMs = Date.now();
      const { client, proxy } = await startReferencePair(ctx);
      const lines = ['hello', '你好'];
      let answered = 0;
      for (const [i, line] of lines.entries()) {
        await typeWhenAsked(client, line, { prompt: PROMPT, count: i + 1, timeoutMs: i === 0 ? ctx.timeouts.startupMs : ctx.timeouts.replyMs });
        if (!(await client.stdout.waitFor((text) => countOccurrences(text, PRINTED) > i, ctx.timeouts.replyMs))) break;
        answered++;
      }
      let exit: ExitInfo | undefined;
      if (answered === lines.length) {
        await typeWhenAsked(client, '', { prompt: PROMPT, count: lines.length + 1, timeoutMs: ctx.timeouts.replyMs });
        exit = await client.waitExit(ctx.timeouts.exitMs);
      }
      const interval = { fromMs, toMs: Date.now() };
      const toClient = bytesSent(proxy.record(), 'toClient');
      const replies: Buffer[] = [];
      for (let at = toClient.indexOf(PREFIX_BYTES); at >= 0;) {
        const next = toClient.indexOf(PREFIX_BYTES, at + 1);
        replies.push(toClient.subarray(at, next < 0 ? toClient.length : next));
        at = next;
      }
      const lead = toClient.subarray(0, Math.max(0, toClient.indexOf(PREFIX_BYTES)));
      if (replies.length !== answered || answered < lines.length || lead.length > 0) {
        fail(t(
          `the reference client sent "hello" and then "你好", each after the answer to the one before; the server answered ${previewBytes(toClient, 160)}, not one answer starting with ${PREFIX} to each`,
          `参考客户端先发送 "hello" 再发送 "你好"，每条都在收到上一条的回答之后才发送；服务器回答的是 ${previewBytes(toClient, 160)}，而不是对每条各回答一次以 ${PREFIX} 开头的内容`,
        ), {
          expected: `${PREFIX}<time.ctime()>, twice`,
          actual: toClient.toString('utf8') || '(nothing)',
        });
      }
      replies.forEach((reply, i) => judgeTimeReply(reply, interval, offset, i === 0 ? '"hello"' : '"你好"'));
      if (!exit) fail(t(`the reference client typed an empty line but did not end within ${ctx.timeouts.exitMs / 1000} s`, `参考客户端输入了空行，但没有在 ${ctx.timeouts.exitMs / 1000} 秒内结束`));
      if (exit.code !== 0) {
        const stderr = client.stderr.text().trim();
        fail(t(`the reference client ended with an error: ${stderr || `exit code ${exit.code}`}`, `参考客户端因错误而结束：${stderr || `退出码 ${exit.code}`}`));
      }
    },
  },
  {
    id: 'server-quit',
    title: t("closes the connection without answering when a client sends 'quit', then serves the next client", "客户端发送 'quit' 时不作回答、直接关闭连接，然后为下一个客户端服务"),
    role: 'server',
    tags: ['quit'],
    points: 1,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: t(
      "if client_data == 'quit': break — out of the inner loop, then close that client's socket and go back to accept().",
      "if client_data == 'quit': break——跳出内层循环，然后关闭与该客户端的套接字，回到 accept()。",
    ),
    async run(ctx) {
      const offset = await ctx.baseline(programZone);
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await exchange(ctx, program, peer, 'hello', offset, 'after a message');
      const from = peer.received().length;
      await peer.send(QUIT);
      const after = await waitDataOrClose(peer, from, ctx.timeouts.replyMs);
      if (after.length > 0) {
        fail(t(
          `after 'quit' the server answered ${previewBytes(after)}; it must close the connection without answering`,
          `收到 'quit' 后服务器回答了 ${previewBytes(after)}；它应该不作回答、直接关闭连接`,
        ), { expected: 'the connection closed, nothing sent', actual: after.toString('utf8') });
      }
      if (!peer.closeKind) {
        expectNoCrash(program, "after 'quit'");
        fail(t(
          `after 'quit' the server kept the connection open for ${ctx.timeouts.replyMs / 1000} s without answering; it must close it`,
          `收到 'quit' 后服务器没有回答，但让连接保持打开了 ${ctx.timeouts.replyMs / 1000} 秒；它应该关闭连接`,
        ));
      }
      await expectServesNext(ctx, program, address, offset, "after a client's 'quit'");
    },
  },
  {
    id: 'server-client-leaves',
    title: t('closes the connection without answering, and without spinning, when the client closes its side', '客户端关闭自己一端时，不作回答、也不空转，直接关闭连接'),
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: t(
      "recv() returns b'' when the client has closed: break out of the loop (if not client_data: break) and close its socket; do not answer it.",
      "客户端关闭后 recv() 会返回 b''：跳出循环（if not client_data: break）并关闭它的套接字；不要回答它。",
    ),
    async run(ctx) {
      const offset = await ctx.baseline(programZone);
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await exchange(ctx, program, peer, 'hello', offset, 'after a message');
      const from = peer.received().length;
      peer.shutdownWrite();
      const closed = await peer.waitClosed(ctx.timeouts.replyMs);
      await expectIdle(program, 'the client closed its side');
      const after = peer.received().subarray(from);
      if (after.length > 0) {
        fail(t(
          `after the client closed its side, the server sent ${previewBytes(after)}; recv() had returned b'', which is not a message to answer`,
          `客户端关闭自己一端后，服务器发送了 ${previewBytes(after)}；recv() 返回的是 b''，这不是需要回答的消息`,
        ));
      }
      if (!closed) {
        expectNoCrash(program, 'after the client left');
        fail(t(`the server never closed the connection in ${ctx.timeouts.replyMs / 1000} s after the client closed its side`, `客户端关闭自己一端后 ${ctx.timeouts.replyMs / 1000} 秒内，服务器一直没有关闭连接`));
      }
      expectNoCrash(program, 'after the client left');
    },
  },
  {
    id: 'server-sequential',
    title: t('serves clients one after another: one that waited while another was served is answered once that one leaves', '依次为客户端服务：在别的客户端被服务时等待的客户端，会在那个客户端离开后得到回答'),
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: t('Put accept() in an outer while True loop; when a client leaves, close its socket and accept the next one.', '把 accept() 放在外层的 while True 循环里；一个客户端离开后，关闭它的套接字，再 accept() 下一个。'),
    async run(ctx) {
      const offset = await ctx.baseline(programZone);
      const { program, address } = await ctx.startServer();
      const first = await ctx.connect(address);
      await exchange(ctx, program, first, 'hello', offset, 'after a message');
      // The second client connects and sends while the first is still there (a one-at-a-time
      // server answers it only after the first has left; a threaded one at once: both right).
      const second = await ctx.connect(address);
      const fromMs = Date.now();
      await second.send('我是第二个客户端');
      first.close();
      try {
        const got = await readAnswer(second, 0, (d) => d.length >= REPLY_LENGTH, ctx.timeouts.replyMs);
        if (got.data.length === 0) {
          fail(t(
            `a second client sent a message while the first was connected; after the first left, the second got no answer in ${ctx.timeouts.replyMs / 1000} s`,
            `第一个客户端还在连接时，第二个客户端发送了一条消息；第一个离开后，第二个在 ${ctx.timeouts.replyMs / 1000} 秒内没有得到回答`,
          ));
        }
        judgeTimeReply(got.data, { fromMs, toMs: Date.now() }, offset, t('"我是第二个客户端" from a second client', '第二个客户端的 "我是第二个客户端"'));
      } catch (error) {
        if (isCheckFailure(error)) await expectStillServing(program, 'after the first client left');
        throw error;
      }
      second.close();
      await expectServesNext(ctx, program, address, offset, 'after two clients had left');
    },
  },
  {
    id: 'server-survives-invalid-utf8',
    title: t('keeps serving after a message that is not valid UTF-8', '收到不是合法 UTF-8 的消息后继续服务'),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: t(
      "Bytes from the network may not be UTF-8: decode with errors='replace' (or catch UnicodeDecodeError), or compare bytes (data == b'quit') without decoding.",
      "从网络收到的字节不一定是 UTF-8：用 errors='replace' 解码（或捕获 UnicodeDecodeError），或者不解码、直接比较字节（data == b'quit'）。",
    ),
    async run(ctx) {
      const offset = await ctx.baseline(programZone);
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await peer.send(Buffer.from([0xff, 0xfe, 0x68, 0x69, 0xe4, 0xbd]));
      // Answering it or closing that connection are both fine; the server must live on.
      await waitDataOrClose(peer, 0, ctx.timeouts.replyMs);
      peer.close();
      await expectServesNext(ctx, program, address, offset, "after a client sent b'\\xff\\xfehi\\xe4\\xbd' (not UTF-8)");
    },
  },
];

/** A reply as a time-chat server sends it, at a time of our own (the client only shows it). */
function serverReply(secondsLater: number): string {
  return `${PREFIX}${formatCtimeWall(Date.now() + secondsLater * 1000)}`;
}

/** Types a line when the client asks, then expects exactly its UTF-8 bytes on the wire. */
async function expectLineSent(ctx: CheckContext, program: Program, peer: TcpPeer, line: string, count: number): Promise<void> {
  await typeWhenAsked(program, line, { prompt: PROMPT, count, timeoutMs: ctx.timeouts.replyMs });
  const expected = Buffer.from(line);
  const from = peer.received().length;
  const got = (await readAnswer(peer, from, (d) => d.length >= expected.length, ctx.timeouts.replyMs)).data;
  if (!got.equals(expected)) {
    if (got.length === 0) {
      await program.settle(EXIT_GRACE_MS);
      expectNoCrash(program, `after the user typed ${JSON.stringify(line)}`);
    }
    const added = got.subarray(0, expected.length).equals(expected) ? previewBytes(got.subarray(expected.length)) : undefined;
    const typed = JSON.stringify(line);
    const sent = previewBytes(got);
    fail(got.length === 0
      ? t(`the user typed ${typed}; the client sent nothing`, `用户输入了 ${typed}；客户端什么也没有发送`)
      : added === undefined
        ? t(`the user typed ${typed}; the client sent ${sent}`, `用户输入了 ${typed}；客户端发送的是 ${sent}`)
        : t(`the user typed ${typed}; the client sent ${sent}: it added ${added}`, `用户输入了 ${typed}；客户端发送的是 ${sent}：它多加了 ${added}`), {
      expected: previewBytes(expected),
      actual: got.length ? previewBytes(got) : '(nothing)',
    });
  }
}

/** Sends a reply and waits until the client prints it. */
async function expectReplyPrinted(ctx: CheckContext, program: Program, peer: TcpPeer, reply: string): Promise<void> {
  await peer.send(reply);
  const payload = Buffer.from(reply);
  if (!(await program.stdout.waitFor((text) => showsPayload(text, payload), ctx.timeouts.replyMs))) {
    await program.settle(EXIT_GRACE_MS);
    expectNoCrash(program, 'after the server answered');
    fail(t(`the server answered ${JSON.stringify(reply)}; the client did not print it`, `服务器回答了 ${JSON.stringify(reply)}；客户端没有把它打印出来`), {
      expected: `a line showing it, e.g. 客户端接收的消息为：${reply}`,
      actual: program.stdout.text().trim() || '(nothing)',
    });
  }
}

const client: Check[] = [
  {
    id: CLIENT_CONNECTS,
    title: t('connects to the assigned server address', '连接到指定的服务器地址'),
    role: 'client',
    tags: ['basic'],
    points: 1,
    hint: t(
      'connect() to the host and port you are given ({host} {port} or $HOST $PORT) before asking for input.',
      '在请求用户输入之前，先 connect() 到给定的主机和端口（{host} {port} 或 $HOST $PORT）。',
    ),
    async run(ctx) {
      await ctx.acceptClient();
    },
  },
  {
    id: 'client-sends-lines-prints-replies',
    title: t('sends each line the user types, as it is, and prints each answer', '原样发送用户输入的每一行，并打印每个回答'),
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "data = input('请输入用户端发送内容：'); send(data.encode('utf-8')) — no newline added; then recv() the answer and print it decoded.",
      "data = input('请输入用户端发送内容：'); send(data.encode('utf-8'))——不要添加换行符；然后 recv() 回答，解码后打印出来。",
    ),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      const lines = ['hello', '现在几点了'];
      for (const [i, line] of lines.entries()) {
        await expectLineSent(ctx, program, peer, line, i + 1);
        await expectReplyPrinted(ctx, program, peer, serverReply(i));
      }
    },
  },
  {
    id: 'client-ends-on-empty-line',
    title: t('ends by itself, closing the connection, when the user types an empty line', '用户输入空行时关闭连接并自行结束'),
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t('if not data: break — an empty line ends the loop; then close the socket and let the program end.', 'if not data: break——空行结束循环；然后关闭套接字，让程序结束。'),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await expectLineSent(ctx, program, peer, 'hello', 1);
      await expectReplyPrinted(ctx, program, peer, serverReply(0));
      const from = peer.received().length;
      await typeWhenAsked(program, '', { prompt: PROMPT, count: 2, timeoutMs: ctx.timeouts.replyMs });
      await expectEndsByItself(program, ctx.timeouts.exitMs, 'after the user typed an empty line', 'Check for the empty line before sending: if not data: break.');
      expectNoTraceback(program, 'after the empty line');
      const after = peer.received().subarray(from);
      if (after.length > 0) fail(t(`after the empty line the client sent ${previewBytes(after)}; it should send nothing and end`, `输入空行后客户端发送了 ${previewBytes(after)}；它应该什么也不发送，直接结束`));
    },
  },
  {
    id: 'client-ends-when-server-closes',
    title: t("ends by itself when the server closes the connection instead of answering (as it does for 'quit')", "服务器不回答而是关闭连接时（就像收到 'quit' 时那样），客户端自行结束"),
    role: 'client',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "recv() returns b'' when the server has closed: if not client_data: break, instead of printing it and asking for more input.",
      "服务器关闭后 recv() 会返回 b''：if not client_data: break，而不是把它打印出来再继续请求输入。",
    ),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await expectLineSent(ctx, program, peer, QUIT, 1);
      peer.close();
      await expectEndsByItself(program, ctx.timeouts.exitMs, "after the server closed the connection (the user had typed 'quit')");
      expectNoTraceback(program, 'after the server closed the connection');
    },
  },
];

export const timeChatChecks: readonly Check[] = [...server, ...client];
