// Checks for the time-chat exercise (EXERCISES.md § time-chat, seed 001 §TCP聊天室).
//
// Times: the server's reply carries time.ctime() of now, in the program's local time zone.
// sockgrade passes no TZ to programs, so that zone is the machine's (/etc/localtime), whatever TZ
// the grader itself runs with. The zone's offset is learned once from the reference server,
// started exactly like a submission (same environment, same machine), and every reply is judged
// as a wall-clock reading in that zone, within the interval between our send and its arrival.
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

/** Offset of the programs' time zone from UTC, in ms, as the reference server shows it. */
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
  readonly asked: string;
  readonly text: string;
}

function expectedReply(interval: Interval, offsetMs: number): string {
  return `${PREFIX}${formatCtimeWall(interval.toMs + offsetMs)} (the time of the reply, as time.ctime() prints it)`;
}

/** Judges a reply's form: exactly 服务器当前时间= and a time.ctime() string. */
function parseTimeReply(reply: Buffer, interval: Interval, offsetMs: number, asked: string): TimeReply {
  const expected = expectedReply(interval, offsetMs);
  const text = reply.toString('utf8');
  if (!reply.subarray(0, PREFIX_BYTES.length).equals(PREFIX_BYTES)) {
    fail(`we sent ${asked}; the server answered ${previewBytes(reply)}, which does not start with ${PREFIX}`, { expected, actual: text });
  }
  const timeText = reply.subarray(PREFIX_BYTES.length).toString('utf8');
  const parsed = parseCtime(timeText);
  if (!parsed.ok) {
    fail(`we sent ${asked}; the time in the answer, ${JSON.stringify(timeText)}, is not what time.ctime() prints: ${parsed.problem}`, { expected, actual: text });
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
  const distance = isZone ? describeOffset(Math.abs(quarters) * 900_000).replace('UTC+', '') + ' h' : `${Math.abs(off)} s`;
  const zone = isZone
    ? ` — a whole time-zone difference: the programs here run in ${describeOffset(offsetMs)}; use the local time (time.ctime()), not UTC or a fixed zone`
    : '';
  fail(`we sent ${reply.asked}; the answer says ${formatCtimeWall(reply.wallMs)}, but it was ${nowText} where the server runs: ${distance} ${off < 0 ? 'behind' : 'ahead'}${zone}`, {
    expected: expectedReply(interval, offsetMs),
    actual: reply.text,
  });
}

/** Judges a reply entirely: its form, then its time. */
function judgeTimeReply(reply: Buffer, interval: Interval, offsetMs: number, asked: string): TimeReply {
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
      const how = peer.closeKind === 'reset' ? 'reset the connection' : peer.closeKind ? 'closed the connection' : `kept silent for ${ctx.timeouts.replyMs / 1000} s`;
      fail(`we sent ${asked}; the server did not answer: it ${how}`, { expected: `${PREFIX}<time.ctime()>`, actual: '(nothing)' });
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
    title: 'answers a message with 服务器当前时间= and the current local time as time.ctime() prints it',
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: "Answer every message with '服务器当前时间={0}'.format(time.ctime()).encode('utf-8'): exactly that text, nothing added.",
    async run(ctx) {
      const offset = await ctx.baseline(programZone);
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await exchange(ctx, program, peer, '你好', offset, 'after a message');
    },
  },
  {
    id: 'server-replies-every-message',
    title: 'answers every message of a client with the time of that message',
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: 'Inside the loop: recv() a message, then call time.ctime() and send the answer — for every message, with the time read again each time.',
    async run(ctx) {
      const offset = await ctx.baseline(programZone);
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      const first = await exchange(ctx, program, peer, 'hello', offset, 'after the first message', false);
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
      const second = await exchange(ctx, program, peer, '现在几点了', offset, 'after the second message', false);
      // Staleness first: a time read once is also behind by then, but this says why.
      if (second.wallMs - first.wallMs < 1000) {
        fail(`the second answer shows ${formatCtimeWall(second.wallMs)}, the same second as the first, although we asked ${GAP_MS / 1000} s later: the time was read once, not for each message`, {
          hint: 'Call time.ctime() when each message has arrived (inside the loop), not once before the loop.',
        });
      }
      expectCurrent(first, offset);
      expectCurrent(second, offset);
    },
  },
  {
    id: 'server-serves-reference-client',
    title: 'answers the reference client, which types two lines and an empty one, and lets it end',
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: "recv() one message, send one answer, repeat; when recv() returns b'' close the client's socket.",
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
        fail(`the reference client sent "hello" and then "你好", each after the answer to the one before; the server answered ${previewBytes(toClient, 160)}, not one answer starting with ${PREFIX} to each`, {
          expected: `${PREFIX}<time.ctime()>, twice`,
          actual: toClient.toString('utf8') || '(nothing)',
        });
      }
      replies.forEach((reply, i) => judgeTimeReply(reply, interval, offset, i === 0 ? '"hello"' : '"你好"'));
      if (!exit) fail(`the reference client typed an empty line but did not end within ${ctx.timeouts.exitMs / 1000} s`);
      if (exit.code !== 0) fail(`the reference client ended with an error: ${client.stderr.text().trim() || `exit code ${exit.code}`}`);
    },
  },
  {
    id: 'server-quit',
    title: "closes the connection without answering when a client sends 'quit', then serves the next client",
    role: 'server',
    tags: ['quit'],
    points: 1,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: "if client_data == 'quit': break — out of the inner loop, then close that client's socket and go back to accept().",
    async run(ctx) {
      const offset = await ctx.baseline(programZone);
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await exchange(ctx, program, peer, 'hello', offset, 'after a message');
      const from = peer.received().length;
      await peer.send(QUIT);
      const after = await waitDataOrClose(peer, from, ctx.timeouts.replyMs);
      if (after.length > 0) fail(`after 'quit' the server answered ${previewBytes(after)}; it must close the connection without answering`, { expected: 'the connection closed, nothing sent', actual: after.toString('utf8') });
      if (!peer.closeKind) {
        expectNoCrash(program, "after 'quit'");
        fail(`after 'quit' the server kept the connection open for ${ctx.timeouts.replyMs / 1000} s without answering; it must close it`);
      }
      await expectServesNext(ctx, program, address, offset, "after a client's 'quit'");
    },
  },
  {
    id: 'server-client-leaves',
    title: 'closes the connection without answering, and without spinning, when the client closes its side',
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: "recv() returns b'' when the client has closed: break out of the loop (if not client_data: break) and close its socket; do not answer it.",
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
      if (after.length > 0) fail(`after the client closed its side, the server sent ${previewBytes(after)}; recv() had returned b'', which is not a message to answer`);
      if (!closed) {
        expectNoCrash(program, 'after the client left');
        fail(`the server never closed the connection in ${ctx.timeouts.replyMs / 1000} s after the client closed its side`);
      }
      expectNoCrash(program, 'after the client left');
    },
  },
  {
    id: 'server-sequential',
    title: 'serves clients one after another: one that waited while another was served is answered once that one leaves',
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: 'Put accept() in an outer while True loop; when a client leaves, close its socket and accept the next one.',
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
        if (got.data.length === 0) fail(`a second client sent a message while the first was connected; after the first left, the second got no answer in ${ctx.timeouts.replyMs / 1000} s`);
        judgeTimeReply(got.data, { fromMs, toMs: Date.now() }, offset, '"我是第二个客户端" from a second client');
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
    title: 'keeps serving after a message that is not valid UTF-8',
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    baselines: [programZone],
    hint: "Bytes from the network may not be UTF-8: decode with errors='replace' (or catch UnicodeDecodeError), or compare bytes (data == b'quit') without decoding.",
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
    const extra = got.subarray(0, expected.length).equals(expected) ? `: it added ${previewBytes(got.subarray(expected.length))}` : '';
    fail(`the user typed ${JSON.stringify(line)}; the client sent ${got.length ? previewBytes(got) : 'nothing'}${extra}`, {
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
    fail(`the server answered ${JSON.stringify(reply)}; the client did not print it`, {
      expected: `a line showing it, e.g. 客户端接收的消息为：${reply}`,
      actual: program.stdout.text().trim() || '(nothing)',
    });
  }
}

const client: Check[] = [
  {
    id: CLIENT_CONNECTS,
    title: 'connects to the assigned server address',
    role: 'client',
    tags: ['basic'],
    points: 1,
    hint: 'connect() to the host and port you are given ({host} {port} or $HOST $PORT) before asking for input.',
    async run(ctx) {
      await ctx.acceptClient();
    },
  },
  {
    id: 'client-sends-lines-prints-replies',
    title: 'sends each line the user types, as it is, and prints each answer',
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    hint: "data = input('请输入用户端发送内容：'); send(data.encode('utf-8')) — no newline added; then recv() the answer and print it decoded.",
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
    title: 'ends by itself, closing the connection, when the user types an empty line',
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: 'if not data: break — an empty line ends the loop; then close the socket and let the program end.',
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await expectLineSent(ctx, program, peer, 'hello', 1);
      await expectReplyPrinted(ctx, program, peer, serverReply(0));
      const from = peer.received().length;
      await typeWhenAsked(program, '', { prompt: PROMPT, count: 2, timeoutMs: ctx.timeouts.replyMs });
      await expectEndsByItself(program, ctx.timeouts.exitMs, 'after the user typed an empty line', 'Check for the empty line before sending: if not data: break.');
      expectNoTraceback(program, 'after the empty line');
      const after = peer.received().subarray(from);
      if (after.length > 0) fail(`after the empty line the client sent ${previewBytes(after)}; it should send nothing and end`);
    },
  },
  {
    id: 'client-ends-when-server-closes',
    title: "ends by itself when the server closes the connection instead of answering (as it does for 'quit')",
    role: 'client',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: "recv() returns b'' when the server has closed: if not client_data: break, instead of printing it and asking for more input.",
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
