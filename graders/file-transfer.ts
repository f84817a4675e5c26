// Checks for the file-transfer exercise (EXERCISES.md § file-transfer): the server sends the size
// of python.jpg as decimal text, waits for b'Ready to recv file', then streams the file; the client
// writes exactly that many bytes into python1.jpg and prints 传输完毕. Every file is seeded random
// data (graders/expect/big-file.ts), generated, sent and compared in chunks, so the grader's
// memory does not grow with the file and a failure names the seed that reproduces it.
import { render, t, type Text } from '../harness/i18n/text.js';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fail, isCheckFailure } from '../harness/check/failure.js';
import type { Check, CheckOutcome } from '../harness/check/types.js';
import type { CheckContext, RunFile, RunningServer } from '../harness/check/context.js';
import { describeEnding } from '../harness/check/diagnose.js';
import type { Program } from '../harness/process/program.js';
import type { TcpPeer } from '../harness/net/tcp-peer.js';
import { isConsumedByPeer } from '../harness/net/close-kind.js';
import { counterpartSocket } from '../harness/check/observe.js';
import { formatPythonBytes, previewBytes } from '../harness/util/bytes.js';
import { FileMatcher, SeededFile, matchFileOnDisk, sendSeededFile, writeSeededFile } from './expect/big-file.js';
import { waitUntilBlocked } from './expect/blocked.js';
import { expectEnds, expectIdle, expectNoCrash, explainCrash, isSpinning, measureActivity } from './expect/process.js';
import { bytesSent } from './expect/pairing.js';
import { explainDroppedSend, explainSingleRecv } from './expect/call-sites.js';

export const ACK = Buffer.from('Ready to recv file');
export const DONE = '传输完毕';
const SOURCE = 'python.jpg';
const TARGET = 'python1.jpg';

/** A few KiB: more than one recv(1024) or recv(5120), and no multiple of either. */
const BASIC = new SeededFile(10_007, 'file-transfer/basic');
const EMPTY = new SeededFile(0, 'file-transfer/empty');
const ONE_BYTE = new SeededFile(1, 'file-transfer/one-byte');
/** 64 MiB and an odd tail. */
export const OVERSIZE = new SeededFile(64 * 1024 * 1024 + 7, 'file-transfer/oversize');
/**
 * Larger than what a server can get out to a client that reads nothing (measured here: 93 KiB in
 * the client's receive queue and 3.5 MiB in the server's send queue, whose maximum is tcp_wmem's
 * third field, 4 MiB): the server is certainly still sending when that client leaves.
 */
const MID_FILE = new SeededFile(Math.max(8 * 1024 * 1024, 2 * sendBufferMax()) + 3, 'file-transfer/leaves-mid-file');

/** The most a TCP send buffer may grow to on this machine (4 MiB where /proc does not say). */
function sendBufferMax(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/tcp_wmem', 'utf8').trim().split(/\s+/)[2]) || 4 * 1024 * 1024;
  } catch {
    return 4 * 1024 * 1024;
  }
}

/** Each send() of the learner's server sends at most this much in the oversize check (Python shim). */
const PARTIAL_SEND_CAP = 1000;
/** The acknowledgement in three pieces, each sent after the server read the previous: b'Ready', b' to rec', b'v file'. */
const ACK_PIECES = [5, 7];
/** The file in odd pieces, each sent after the client read the previous; the rest in one piece. */
const FILE_PIECES = [1, 2, 3, 5, 8, 13, 1021, 2039, 4093];
/**
 * How long the peer waits after the size before it acknowledges, at least, and then until the
 * server is blocked (waiting for us). A server that does not wait sends the file within a few ms of
 * the size (measured: see the exercise's report); a server that sleeps instead of waiting for the
 * acknowledgement is caught when it sleeps less than this.
 */
const ACK_DELAY_MS = 250;
/** The size in two pieces this far apart (the catalogue: a warning for gaps up to 100 ms). */
const SIZE_GAP_MS = 50;
/** Extra bytes after the announced size, in the same write as the file's tail. */
const EXTRA = Buffer.from('EXTRA');
/** Bounds for a 64 MiB transfer: slow machines pass, a stalled program fails within the reply bound. */
const BIG_TRANSFER_MS = 45_000;

const SERVER_STARTS = 'server-starts';
const CLIENT_CONNECTS = 'client-connects';

const SERVER_HINT = t(
  "Send str(size).encode(), then recv() until you have all 18 bytes of b'Ready to recv file', then send the file with sendall().",
  "先发送 str(size).encode()，再用 recv() 接收，直到收齐 b'Ready to recv file' 的全部 18 个字节，然后用 sendall() 发送文件。",
);
const CLIENT_HINT = t(
  "Read the size, send b'Ready to recv file', then recv() until you have exactly size bytes, writing each piece to python1.jpg, and print 传输完毕.",
  "读取文件大小，发送 b'Ready to recv file'，然后用 recv() 接收，直到恰好收到 size 个字节，把每一段都写入 python1.jpg，最后打印 传输完毕。",
);

function fileFor(file: SeededFile): Record<string, RunFile> {
  return { [SOURCE]: (path: string) => writeSeededFile(path, file) };
}

/** A python1.jpg left in the learner's folder from a run at home must not count as written. */
const NO_STALE_TARGET: Record<string, RunFile> = { [TARGET]: (path: string) => rmSync(path, { force: true }) };

/** A duration in seconds for a message ("2.5"); each language writes its own unit. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1);
}

// ---------------------------------------------------------------- the size header

type SizeHeader = { readonly state: 'incomplete' } | { readonly state: 'wrong' } | { readonly state: 'complete'; readonly length: number };

/**
 * Reads the size text at the start of `data`, knowing the right size: complete once it is the size
 * (zero padding and a trailing newline allowed: framing a learner may add), wrong as soon as it
 * cannot become it. A space-padded or newline-ended size counts its padding as part of the header.
 */
export function parseSizeHeader(data: Uint8Array, size: number): SizeHeader {
  const text = Buffer.from(data).toString('latin1');
  const match = /^ *(\d*)/.exec(text)!;
  const digits = match[1]!;
  const after = text.slice(match[0].length);
  const value = digits.replace(/^0+(?=.)/, '');
  const wanted = String(size);
  if (after.length === 0) {
    if (digits === '') return { state: 'incomplete' };
    if (value === wanted) return { state: 'complete', length: match[0].length };
    return /^0*$/.test(digits) || wanted.startsWith(value) ? { state: 'incomplete' } : { state: 'wrong' };
  }
  if (digits === '' || value !== wanted) return { state: 'wrong' };
  const framing = /^[ \t]*(\r?\n)?/.exec(after)!;
  return { state: 'complete', length: match[0].length + framing[0].length };
}

// ---------------------------------------------------------------- the peer as a client of the learner's server

interface Download {
  readonly peer: TcpPeer;
  /** Bytes of the size text (with any padding or newline). */
  readonly headerLength: number;
}

/**
 * Connects to the server and reads the size it announces; fails unless it is `file`'s size.
 * `situation` says when this happens, for a crash ("after the first client left").
 */
async function readSize(ctx: CheckContext, server: RunningServer, file: SeededFile, situation: Text = t('when a client connected', '在一个客户端连接时')): Promise<Download> {
  const { program } = server;
  const peer = await explainCrash(program, situation.en, () => ctx.connect(server.address));
  const header = () => parseSizeHeader(peer.received(), file.size);
  try {
    await explainCrash(program, situation.en, () =>
      peer.readUntil(() => header().state !== 'incomplete', `the size of ${SOURCE} (b'${file.size}')`, ctx.timeouts.replyMs), peer);
  } catch (error) {
    if (isCheckFailure(error) && peer.closeKind !== undefined) {
      await explainExit(program, situation, t(`before sending the size of ${SOURCE} (${file.describe()})`, `还没有发送 ${SOURCE} 的大小（${file.describe()}）`));
    }
    throw error;
  }
  const parsed = header();
  if (parsed.state !== 'complete') {
    fail(t(
      `the server announced ${previewBytes(peer.received())} as the size; ${SOURCE} has ${file.size} bytes`,
      `服务器发来的文件大小是 ${previewBytes(peer.received())}；${SOURCE} 实际有 ${file.size} 个字节`,
    ), {
      expected: `b'${file.size}' (the size as decimal text)`,
      actual: previewBytes(peer.received()),
      hint: t(
        "Send the size as text: str(os.path.getsize('python.jpg')).encode(), nothing before it.",
        "把大小以文本形式发送：str(os.path.getsize('python.jpg')).encode()，前面不要有任何其他内容。",
      ),
    });
  }
  return { peer, headerLength: parsed.length };
}

/** Streams what follows the size into a matcher (nothing is kept), from now on. */
function matchDownload(download: Download, file: SeededFile): FileMatcher {
  const matcher = new FileMatcher(file);
  download.peer.streamTo((chunk) => matcher.update(chunk), download.headerLength);
  return matcher;
}

/**
 * Waits for the whole file (bounded; a stall fails within the reply bound) and compares it as it
 * arrives: the first wrong byte ends the wait (a wrong 64 MiB transfer fails at once).
 */
async function expectFile(ctx: CheckContext, program: Program, download: Download, matcher: FileMatcher, situation: Text, timeoutMs = ctx.timeouts.replyMs): Promise<void> {
  const { file } = matcher;
  const hint = t(
    'Send the file\'s bytes as they are (open it with "rb"), every one of them (sendall), and nothing else.',
    '把文件的字节原样发送（用 "rb" 打开文件），一个字节都不能少（sendall），也不要发送别的内容。',
  );
  const arrived = download.peer.waitForBytes(file.size, timeoutMs, { from: download.headerLength, idleMs: ctx.timeouts.replyMs }).catch((error: unknown) => {
    // A short transfer names the file too, so that it can be reproduced.
    if (isCheckFailure(error)) {
      fail(t(`${render(error.text, 'en')} (${SOURCE} was ${file.describe()})`, `${render(error.text, 'zh')}（${SOURCE} 是 ${file.describe()}）`), error.details);
    }
    throw error;
  });
  arrived.catch(() => {});
  await explainCrash(program, situation.en, () => Promise.race([arrived, matcher.whenDiffers()]), download.peer);
  const mismatch = matcher.describeMismatch('what the server sent after the size');
  if (mismatch) fail(t(`${mismatch}; ${SOURCE} was ${file.describe()}`, `${mismatch}；${SOURCE} 是 ${file.describe()}`), { hint });
}

/** After the size: acknowledges and receives the file, compared as it arrives. */
async function finishDownload(ctx: CheckContext, server: RunningServer, started: Download, file: SeededFile, situation: Text, timeoutMs?: number): Promise<FileMatcher> {
  const matcher = matchDownload(started, file);
  await started.peer.send(ACK);
  await expectFile(ctx, server.program, started, matcher, situation, timeoutMs);
  return matcher;
}

/** One whole download: size, acknowledgement, file. */
async function download(ctx: CheckContext, server: RunningServer, file: SeededFile, situation: Text, timeoutMs?: number): Promise<Download> {
  const started = await readSize(ctx, server, file, situation);
  await finishDownload(ctx, server, started, file, situation, timeoutMs);
  return started;
}

/** After the file, nothing more may come: waits until the server is idle again and counts. */
async function expectNothingMore(server: RunningServer, download: Download, matcher: FileMatcher, boundMs: number): Promise<void> {
  await waitUntilBlocked(server.program, { maxMs: boundMs, until: () => matcher.extra > 0 || download.peer.closeKind !== undefined });
  if (matcher.extra > 0) {
    fail(t(
      `the server sent ${matcher.extra} more bytes after the ${matcher.file.size} it announced`,
      `服务器在它声明的 ${matcher.file.size} 个字节之后又多发送了 ${matcher.extra} 个字节`,
    ), {
      hint: t('Send exactly the file: the client stops reading after the size you announced.', '只发送文件本身：客户端读满你声明的大小后就不再读取了。'),
    });
  }
}

// ---------------------------------------------------------------- the peer as the learner's client's server

interface Upload {
  readonly program: Program;
  readonly peer: TcpPeer;
}

/** Starts the client against a scripted server, sends the size and reads the acknowledgement. */
async function acceptAndAnnounce(ctx: CheckContext, file: SeededFile): Promise<Upload> {
  const { program, peer } = await ctx.acceptClient({ files: NO_STALE_TARGET });
  await peer.send(String(file.size));
  await readAck(ctx, program, peer, t(`the size b'${file.size}'`, `文件大小 b'${file.size}' `));
  return { program, peer };
}

/** `after` names what the client had just received, a noun phrase in each language. */
async function readAck(ctx: CheckContext, program: Program, peer: TcpPeer, after: Text): Promise<void> {
  const ack = await explainCrash(program, `after it received ${after.en}`, () => peer.readExactly(ACK.length, ctx.timeouts.replyMs), peer);
  if (!ack.equals(ACK)) {
    fail(t(
      `after ${after.en} the client sent ${previewBytes(ack)}; the acknowledgement is ${formatPythonBytes(ACK)}`,
      `收到${after.zh}之后，客户端发送的是 ${previewBytes(ack)}；正确的确认消息是 ${formatPythonBytes(ACK)}`,
    ), {
      expected: formatPythonBytes(ACK),
      actual: formatPythonBytes(ack),
      hint: t("Send exactly b'Ready to recv file' (18 bytes) once you have the size.", "收到文件大小后，发送恰好 b'Ready to recv file'（18 个字节）。"),
    });
  }
}

/** Sends data that a client which stopped reading may refuse: the file on disk will say what arrived. */
async function offer(send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!isCheckFailure(error)) throw error;
  }
}

/** The client must end by itself, say 传输完毕 and have written exactly the file. */
async function expectSaved(ctx: CheckContext, upload: Upload, file: SeededFile, exitMs = ctx.timeouts.exitMs): Promise<void> {
  const { program } = upload;
  const sent = file.size === 0 ? 'after the size 0 (an empty file)' : `after all ${file.size} bytes of the file were sent`;
  await expectEnds(program, exitMs, sent, `Stop receiving once you have the ${file.size} bytes the size announced: the server keeps the connection open.`);
  expectNoCrash(program, 'while receiving the file');
  await expectWritten(program, file, 'client');
  if (!program.stdout.text().includes(DONE)) {
    fail(t(`the client wrote ${TARGET} but did not print ${DONE}`, `客户端写好了 ${TARGET}，但没有打印 ${DONE}`), {
      expected: DONE,
      actual: program.stdout.text().trim() || '(nothing)',
      hint: t(`print('${DONE}') once the whole file is written.`, `整个文件写完后执行 print('${DONE}')。`),
    });
  }
}

/**
 * Compares python1.jpg in the program's run folder with `file`. Written by the learner's client,
 * or by the reference client (then a difference is the learner's server's doing).
 */
async function expectWritten(program: Program, file: SeededFile, writer: 'client' | 'reference client'): Promise<void> {
  const matcher = await matchFileOnDisk(join(program.options.cwd, TARGET), file);
  if (!matcher) {
    fail(t(
      `the ${writer} did not create ${TARGET} in its working folder`,
      `${writer === 'client' ? '客户端' : '参考客户端'}没有在它的工作目录中创建 ${TARGET}`,
    ), { hint: t(`open('${TARGET}', 'wb') and write what you receive into it.`, `用 open('${TARGET}', 'wb') 打开文件，把收到的内容写进去。`) });
  }
  const mismatch = matcher.describeMismatch(`the ${writer}'s ${TARGET}`);
  if (!mismatch) return;
  const hint = writer === 'reference client'
    ? SERVER_HINT
    : matcher.extra > 0
      ? t('Write only the bytes that belong to the file: recv(min(5120, size - received)), and stop at size.', '只写入属于文件的字节：recv(min(5120, size - received))，收满 size 个字节就停止。')
      : t('Keep receiving until you have all size bytes, and write every piece as it is (binary mode "wb").', '一直接收，直到收齐全部 size 个字节，并把每一段原样写入文件（二进制模式 "wb"）。');
  fail(t(`${mismatch}; ${SOURCE} was ${file.describe()}`, `${mismatch}；${SOURCE} 是 ${file.describe()}`), { hint });
}

// ---------------------------------------------------------------- checks of the server

const server: Check[] = [
  {
    id: SERVER_STARTS,
    title: t('starts and listens on the assigned port', '启动并在指定的端口上监听'),
    role: 'server',
    tags: ['basic'],
    points: 1,
    hint: t('bind() the host and port you are given and call listen() before anything else.', '先 bind() 给定的主机和端口，并调用 listen()，再做其他事情。'),
    async run(ctx) {
      const { program } = await ctx.startServer({ files: fileFor(BASIC) });
      if (program.hasExited) fail(t(`the server ${describeEnding(program)} right after it started listening`, `服务器刚开始监听就结束了：${describeEnding(program)}`));
    },
  },
  {
    id: 'server-sends-file-to-reference-client',
    title: t('sends python.jpg (a few KiB) to the reference client, which saves it intact', '把 python.jpg（几 KiB）发送给参考客户端，参考客户端能完整地保存它'),
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    hint: SERVER_HINT,
    async run(ctx) {
      const server = await ctx.startServer({ files: fileFor(BASIC) });
      const client = await ctx.startReferenceClient(server.address, { files: NO_STALE_TARGET });
      const exit = await client.waitExit(ctx.timeouts.replyMs + ctx.timeouts.exitMs);
      if (!exit) {
        expectNoCrash(server.program, 'while sending the file');
        const waited = seconds(ctx.timeouts.replyMs + ctx.timeouts.exitMs);
        fail(t(
          `the reference client was still waiting after ${waited} s: the server stopped before sending all ${BASIC.size} bytes`,
          `${waited} 秒后参考客户端仍在等待：服务器没有发完全部 ${BASIC.size} 个字节就停下了`,
        ));
      }
      if (exit.code !== 0) {
        await server.program.settle(300);
        expectNoCrash(server.program, 'while sending the file');
        const stderr = client.stderr.text().trim();
        fail(t(
          `the reference client stopped with an error: ${stderr || `it ${describeEnding(client)}`}`,
          `参考客户端因错误而停止：${stderr || describeEnding(client)}`,
        ));
      }
      await expectWritten(client, BASIC, 'reference client');
    },
  },
  {
    id: 'server-sends-tiny-files',
    title: t('sends a 0-byte and a 1-byte python.jpg, and nothing after them', '发送 0 字节和 1 字节的 python.jpg，之后不再发送任何内容'),
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: t("An empty file is still a file: send b'0', wait for the acknowledgement, send nothing, and go on serving.", "空文件也是文件：发送 b'0'，等待确认消息，不发送任何内容，然后继续服务。"),
    async run(ctx) {
      for (const file of [EMPTY, ONE_BYTE]) {
        const server = await ctx.startServer({ files: fileFor(file), label: `server (${file.size}-byte file)` });
        const situation = t(`while sending a ${file.size}-byte file`, `在发送一个 ${file.size} 字节的文件时`);
        const started = await readSize(ctx, server, file);
        const matcher = await finishDownload(ctx, server, started, file, situation);
        await expectNothingMore(server, started, matcher, ctx.timeouts.replyMs);
        expectNoCrash(server.program, situation.en);
      }
    },
  },
  {
    id: 'server-waits-for-ack',
    title: t("sends no byte of the file before the client's acknowledgement", '在收到客户端的确认消息之前，不发送文件的任何字节'),
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: t(
      "After sending the size, call recv() for b'Ready to recv file' before the first byte of the file: the client may not be ready.",
      "发送文件大小之后，先调用 recv() 等待 b'Ready to recv file'，再发送文件的第一个字节：客户端可能还没准备好。",
    ),
    async run(ctx) {
      const server = await ctx.startServer({ files: fileFor(BASIC) });
      const { peer } = await readSize(ctx, server, BASIC);
      // Before acknowledging, wait a moment and until the server sits waiting for us: bytes that
      // arrive meanwhile were sent without the acknowledgement.
      const early = () => {
        const header = parseSizeHeader(peer.received(), BASIC.size);
        return header.state === 'complete' ? peer.received().length - header.length : 0;
      };
      await waitUntilBlocked(server.program, { minMs: ACK_DELAY_MS, maxMs: ctx.timeouts.replyMs, until: () => early() > 0 });
      if (early() > 0) {
        await waitUntilBlocked(server.program, { maxMs: 200 });
        fail(t(
          `the server sent ${early()} bytes of the file right after the size, before we had sent ${formatPythonBytes(ACK)} (we waited ${ACK_DELAY_MS} ms before acknowledging)`,
          `服务器发送完大小后立即发送了文件的 ${early()} 个字节，而我们还没有发送 ${formatPythonBytes(ACK)}（我们等了 ${ACK_DELAY_MS} 毫秒才发送确认）`,
        ), {
          expected: 'nothing until the acknowledgement',
          actual: `${early()} bytes`,
        });
      }
      const header = parseSizeHeader(peer.received(), BASIC.size);
      await finishDownload(ctx, server, { peer, headerLength: header.state === 'complete' ? header.length : 0 }, BASIC, t('after the acknowledgement', '在收到确认消息之后'));
    },
  },
  {
    id: 'server-reads-whole-ack',
    title: t('reads the whole 18-byte acknowledgement, which arrives in three pieces, before sending the file', '确认消息（18 个字节）分三段到达时，读完整个确认消息后才发送文件'),
    role: 'server',
    tags: ['partial'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "One recv() may return part of b'Ready to recv file': keep receiving until you have all 18 bytes (stop if recv() returns b'').",
      "一次 recv() 可能只返回 b'Ready to recv file' 的一部分：要一直接收，直到收齐全部 18 个字节（如果 recv() 返回 b'' 就停止）。",
    ),
    async run(ctx) {
      const server = await ctx.startServer({ files: fileFor(BASIC) });
      const started = await readSize(ctx, server, BASIC);
      const { peer } = started;
      const matcher = matchDownload(started, BASIC);
      // Each next piece only once the server has read the previous one and sits waiting for more:
      // a server that starts the file after a piece shows it before the rest is sent.
      const pieces = splitPieces(ACK, ACK_PIECES);
      for (const [i, piece] of pieces.entries()) {
        await peer.send(piece);
        if (i === pieces.length - 1) break;
        await explainCrash(server.program, 'while the acknowledgement arrived in pieces', () => waitUntilRead(peer, ctx.timeouts.replyMs, true), peer);
        await waitUntilBlocked(server.program, { maxMs: ctx.timeouts.replyMs, until: () => matcher.received > 0 });
        if (matcher.received > 0) {
          const readPieces = pieces.slice(0, i + 1).map(formatPythonBytes);
          const read = readPieces.join(' and ');
          const readBytes = pieces.slice(0, i + 1).reduce((n, p) => n + p.length, 0);
          await explainSingleRecv(server.program, 'server', pieces[0]!.length, ACK.length, async () => fail(t(
            `the server started sending the file after reading only ${read}, ${readBytes} of the ${ACK.length} bytes of the acknowledgement (we sent it in pieces, each after the server had read the previous one)`,
            `服务器只读取了 ${readPieces.join(' 和 ')}（确认消息 ${ACK.length} 个字节中的 ${readBytes} 个）就开始发送文件了（我们把确认消息分段发送，每段都在服务器读完上一段之后才发送）`,
          ), {
            expected: `the file only after all ${ACK.length} bytes of ${formatPythonBytes(ACK)}`,
            actual: `the file after ${read}`,
          }));
        }
      }
      await expectFile(ctx, server.program, started, matcher, t('after the acknowledgement arrived in pieces', '在确认消息分段到达之后'));
    },
  },
  {
    id: 'server-sends-oversize',
    title: t('sends a 64 MiB python.jpg intact even when send() sends only part', '即使 send() 每次只发送一部分，也能完整发送 64 MiB 的 python.jpg'),
    role: 'server',
    tags: ['oversize'],
    points: 1,
    dependsOn: SERVER_STARTS,
    timeoutMs: 90_000,
    hint: t('send() may send fewer bytes than you gave it and returns how many; sendall() sends everything.', 'send() 发送的字节可能比你给它的少，它返回实际发送的字节数；sendall() 会把全部数据发送出去。'),
    async run(ctx) {
      await receiveFromServer(ctx, OVERSIZE, { maxSendBytes: PARTIAL_SEND_CAP });
    },
  },
  {
    id: 'server-client-leaves-before-ack',
    title: t('goes on serving when a client closes after reading the size, without acknowledging', '客户端读取大小后没有确认就关闭连接时，继续服务'),
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "If recv() returns b'' instead of the acknowledgement, the client has gone: close that connection and accept the next client.",
      "如果 recv() 返回的是 b'' 而不是确认消息，说明客户端已经离开：关闭这个连接，再 accept() 下一个客户端。",
    ),
    async run(ctx) {
      const server = await ctx.startServer({ files: fileFor(MID_FILE) });
      const first = await readSize(ctx, server, MID_FILE);
      first.peer.close();
      // Measure the server once our close has reached its socket: its recv() returns b'' from then on.
      await waitUntilClosedThere(first.peer, ctx.timeouts.replyMs);
      await expectIdle(server.program, 'a client closed the connection instead of acknowledging');
      await nextClientServed(ctx, server, MID_FILE, t('after a client closed without acknowledging', '在一个客户端没有确认就关闭连接之后'));
    },
  },
  {
    id: 'server-client-leaves-mid-file',
    title: t('goes on serving when a client leaves in the middle of the file', '客户端在文件传到一半时离开，仍继续服务'),
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      'sendall() raises ConnectionResetError or BrokenPipeError when the client has gone: catch it (try/except OSError), close that connection and accept the next client.',
      '客户端离开后，sendall() 会抛出 ConnectionResetError 或 BrokenPipeError：捕获它（try/except OSError），关闭这个连接，再 accept() 下一个客户端。',
    ),
    async run(ctx) {
      const server = await ctx.startServer({ files: fileFor(MID_FILE) });
      const first = await readSize(ctx, server, MID_FILE);
      // Stop reading, acknowledge, and wait until the server is blocked sending (our buffers are
      // full): then leave. The unread data makes our close a reset, which its send() meets.
      first.peer.pauseReading();
      await first.peer.send(ACK);
      await waitUntilBlocked(server.program, { minMs: 50, maxMs: ctx.timeouts.replyMs });
      first.peer.close();
      await nextClientServed(ctx, server, MID_FILE, t('after a client left in the middle of the file', '在一个客户端于文件传到一半时离开之后'));
    },
  },
  {
    id: 'server-serves-second-client',
    title: t('sends the file to a second client after the first has left', '第一个客户端离开后，把文件发送给第二个客户端'),
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      'Put accept() and the whole conversation in a while True: loop, and close each client\'s socket when you are done with it.',
      '把 accept() 和整个通信过程放进 while True: 循环，每个客户端处理完后关闭它的套接字。',
    ),
    async run(ctx) {
      const server = await ctx.startServer({ files: fileFor(BASIC) });
      const first = await download(ctx, server, BASIC, t('when the first client connected', '在第一个客户端连接时'));
      first.peer.close();
      await nextClientServed(ctx, server, BASIC, t('after the first client left', '在第一个客户端离开之后'));
    },
  },
];

function splitPieces(data: Buffer, sizes: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let offset = 0;
  for (const size of [...sizes, data.length]) {
    if (offset >= data.length) break;
    pieces.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}

/** A new client gets the whole file: the server survived what the previous one did. */
async function nextClientServed(ctx: CheckContext, server: RunningServer, file: SeededFile, situation: Text): Promise<void> {
  try {
    await download(ctx, server, file, situation);
  } catch (error) {
    if (isCheckFailure(error)) await explainExit(server.program, situation, t('instead of accepting the next client', '而没有去接受下一个客户端'));
    throw error;
  }
}

/**
 * After a failure: a server that ended says how (its crash, or a clean exit where it should have
 * gone on). `situation` ("when a client connected", "在一个客户端连接时") and `instead` are
 * phrases written for this sentence in each language.
 */
async function explainExit(program: Program, situation: Text, instead: Text): Promise<void> {
  await program.settle(300);
  if (!program.hasExited) return;
  expectNoCrash(program, situation.en);
  fail(t(`the server ${describeEnding(program)} ${situation.en}, ${instead.en}`, `服务器${situation.zh}结束了（${describeEnding(program)}），${instead.zh}`));
}

/**
 * The oversize scenario for the server role, any size: one download, streamed and compared as it
 * arrives. Exported for the memory benchmark (test/bench/file-transfer-rss.ts).
 */
export async function receiveFromServer(ctx: CheckContext, file: SeededFile, options: { maxSendBytes?: number } = {}): Promise<void> {
  const server = await ctx.startServer({ files: fileFor(file), ...(options.maxSendBytes ? { maxSendBytes: options.maxSendBytes } : {}) });
  const started = await explainDroppedSend(server.program, () => download(ctx, server, file, t(`when a client connected to download ${file.describe()}`, `在一个客户端连接来下载 ${file.describe()} 时`), BIG_TRANSFER_MS));
  started.peer.close();
}

// ---------------------------------------------------------------- checks of the client

/** The reference server with python.jpg, the learner's client through a recording proxy. */
async function runWithReferenceServer(ctx: CheckContext, file: SeededFile) {
  const server = await ctx.startReferenceServer({ files: fileFor(file) });
  const proxy = await ctx.proxy(server.address, { client: 'client', server: 'reference server' });
  const client = await ctx.startClient({ host: '127.0.0.1', port: proxy.port }, { files: NO_STALE_TARGET });
  const exit = await client.waitExit(ctx.timeouts.replyMs + ctx.timeouts.exitMs);
  if (exit) await proxy.waitClientsClosed(ctx.timeouts.replyMs);
  return { client, exit, wire: proxy.record() };
}

const client: Check[] = [
  {
    id: CLIENT_CONNECTS,
    title: t('connects to the assigned server address', '连接到指定的服务器地址'),
    role: 'client',
    tags: ['basic'],
    points: 1,
    hint: t('connect() to the host and port you are given ({host} {port} or $HOST $PORT).', 'connect() 到给定的主机和端口（{host} {port} 或 $HOST $PORT）。'),
    async run(ctx) {
      await ctx.acceptClient({ files: NO_STALE_TARGET });
    },
  },
  {
    id: 'client-receives-file-from-reference-server',
    title: t(
      'acknowledges the size, saves the reference server\'s python.jpg (a few KiB) as python1.jpg and prints 传输完毕',
      '确认文件大小，把参考服务器的 python.jpg（几 KiB）保存为 python1.jpg，并打印 传输完毕',
    ),
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    hint: CLIENT_HINT,
    async run(ctx) {
      const run = await runWithReferenceServer(ctx, BASIC);
      const toServer = bytesSent(run.wire, 'toServer');
      if (!toServer.equals(ACK)) {
        fail(t(
          `the client sent ${previewBytes(toServer)}; the reference client sends ${formatPythonBytes(ACK)} after the size`,
          `客户端发送的是 ${previewBytes(toServer)}；参考客户端在收到大小后发送的是 ${formatPythonBytes(ACK)}`,
        ), {
          expected: formatPythonBytes(ACK),
          actual: previewBytes(toServer),
          hint: t("Send exactly b'Ready to recv file' (18 bytes) once you have the size, and nothing else.", "收到文件大小后，发送恰好 b'Ready to recv file'（18 个字节），不要发送别的内容。"),
        });
      }
      if (!run.exit) {
        const bound = seconds(ctx.timeouts.replyMs + ctx.timeouts.exitMs);
        const activity = await describeActivity(run.client);
        fail(t(
          `the client did not end within ${bound} s of starting, though the reference server had sent the whole file and closed the connection: ${activity.en}`,
          `客户端启动后 ${bound} 秒内没有结束，而参考服务器已经发送了整个文件并关闭了连接：${activity.zh}`,
        ), {
          hint: t(`Stop receiving once you have the ${BASIC.size} bytes the size announced.`, `收到大小所声明的 ${BASIC.size} 个字节后就停止接收。`),
        });
      }
      expectNoCrash(run.client, 'while receiving the file');
      await expectWritten(run.client, BASIC, 'client');
      if (!run.client.stdout.text().includes(DONE)) {
        fail(t(`the client saved ${TARGET} but did not print ${DONE}`, `客户端保存了 ${TARGET}，但没有打印 ${DONE}`), { expected: DONE, actual: run.client.stdout.text().trim() || '(nothing)' });
      }
    },
  },
  {
    id: 'client-receives-tiny-files',
    title: t('saves a 0-byte and a 1-byte file, and ends', '保存 0 字节和 1 字节的文件，然后结束'),
    role: 'client',
    tags: ['basic'],
    points: 2,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "With a size of 0 there is nothing to receive: check received < size before each recv(), create the empty python1.jpg and print 传输完毕.",
      "大小为 0 时没有任何内容需要接收：每次 recv() 之前先检查 received < size，创建空的 python1.jpg，然后打印 传输完毕。",
    ),
    async run(ctx) {
      for (const file of [EMPTY, ONE_BYTE]) {
        const upload = await acceptAndAnnounce(ctx, file);
        if (file.size > 0) await upload.peer.send(file.bytes());
        await expectSaved(ctx, upload, file);
      }
    },
  },
  {
    id: 'client-collects-file-pieces',
    title: t('saves the whole file when it arrives in odd-sized pieces', '文件分成大小不一的片段到达时，仍保存完整的文件'),
    role: 'client',
    tags: ['partial'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      'One recv() returns whatever has arrived, maybe 1 byte: loop, adding len(data) each time, until you have size bytes.',
      '一次 recv() 返回当时已经到达的数据，可能只有 1 个字节：循环接收，每次累加 len(data)，直到收满 size 个字节。',
    ),
    async run(ctx) {
      const upload = await acceptAndAnnounce(ctx, BASIC);
      await offer(() => upload.peer.sendInPieces(BASIC.bytes(), FILE_PIECES, { consumeBoundMs: ctx.timeouts.replyMs, onUnread: 'send-rest' }));
      await expectSaved(ctx, upload, BASIC);
    },
  },
  {
    id: 'client-receives-oversize',
    title: t('saves a 64 MiB file intact', '完整保存 64 MiB 的文件'),
    role: 'client',
    tags: ['oversize'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    timeoutMs: 90_000,
    hint: t(
      'recv() returns at most what you ask for and often less: loop until you have size bytes, and write each piece as it arrives (do not keep 64 MiB in memory).',
      'recv() 返回的数据最多是你要求的量，而且常常更少：循环接收直到收满 size 个字节，每收到一段就写入文件（不要把 64 MiB 都留在内存里）。',
    ),
    async run(ctx) {
      await sendToClient(ctx, OVERSIZE);
    },
  },
  {
    id: 'client-server-closes-early',
    title: t('stops with an error, without spinning, when the server closes before the whole file arrived', '文件还没传完服务器就关闭连接时，报错停止，不会空转'),
    role: 'client',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "If recv() returns b'' before you have size bytes, the server has gone: stop (break), say the transfer failed, and end.",
      "如果还没收满 size 个字节 recv() 就返回了 b''，说明服务器已经离开：停止接收（break），报告传输失败，然后结束。",
    ),
    async run(ctx) {
      const part = 3000;
      const upload = await acceptAndAnnounce(ctx, BASIC);
      await upload.peer.send(BASIC.bytes().subarray(0, part));
      upload.peer.close();
      await expectEnds(upload.program, ctx.timeouts.exitMs, `after the server closed the connection with ${part} of the ${BASIC.size} bytes sent`,
        "A loop like while received < size: data = recv(5120) never ends once recv() returns b''; break when it does.");
      if (upload.program.stdout.text().includes(DONE)) {
        fail(t(
          `the client printed ${DONE} although only ${part} of the ${BASIC.size} bytes arrived before the server closed the connection`,
          `服务器关闭连接前，${BASIC.size} 个字节只到达了 ${part} 个，客户端却打印了 ${DONE}`,
        ), {
          expected: `an error message, not ${DONE}`,
          actual: upload.program.stdout.text().trim(),
          hint: t(
            `When the loop ends because recv() returned b'', the file is incomplete: say so instead of ${DONE}.`,
            `如果循环是因为 recv() 返回 b'' 而结束的，文件就是不完整的：应当报告这一点，而不是打印 ${DONE}。`,
          ),
        });
      }
    },
  },
  {
    id: 'client-writes-announced-size',
    title: t('writes exactly the announced size when the server sends a few bytes more', '服务器多发送几个字节时，只写入所声明大小的字节'),
    role: 'client',
    tags: ['bad-input'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      'The size says where the file ends: recv(min(5120, size - received)), so that bytes after it are never written into python1.jpg.',
      '大小说明了文件在哪里结束：recv(min(5120, size - received))，这样之后的字节就不会被写进 python1.jpg。',
    ),
    async run(ctx) {
      const upload = await acceptAndAnnounce(ctx, BASIC);
      await offer(() => upload.peer.send(Buffer.concat([BASIC.bytes(), EXTRA])));
      await expectSaved(ctx, upload, BASIC);
    },
  },
  {
    id: 'client-size-in-two-pieces',
    title: t(
      'reads the whole size when it arrives in two pieces 50 ms apart (a warning only: the size has no terminator)',
      '大小分成两段、相隔 50 毫秒到达时，仍能读到完整的大小（只给出警告：大小没有结束标记）',
    ),
    role: 'client',
    tags: ['partial'],
    points: 0,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      'Nothing in TCP marks where the size ends. With a newline after it (b\'10007\\n\') or a fixed width (b\'0000010007\', always 10 digits), read until the newline or the 10th byte.',
      'TCP 中没有任何东西标记大小在哪里结束。在大小后面加一个换行符（b\'10007\\n\'），或者使用固定宽度（b\'0000010007\'，总是 10 位数字），然后读到换行符或第 10 个字节为止。',
    ),
    async run(ctx): Promise<CheckOutcome | void> {
      return sizeInTwoPieces(ctx);
    },
  },
];

/**
 * The oversize scenario for the client role, any size: the file is generated and sent chunk by
 * chunk, then python1.jpg is compared from disk. Exported for the memory benchmark.
 */
export async function sendToClient(ctx: CheckContext, file: SeededFile): Promise<void> {
  const upload = await acceptAndAnnounce(ctx, file);
  await offer(() => sendSeededFile(upload.peer, file, { timeoutMs: BIG_TRANSFER_MS, idleMs: ctx.timeouts.replyMs }));
  // What is still in the buffers (tens of MiB) is the client's to write: more than the exit bound.
  await expectSaved(ctx, upload, file, ctx.timeouts.exitMs * 3);
}

async function sizeInTwoPieces(ctx: CheckContext): Promise<CheckOutcome | void> {
  const file = BASIC;
  const size = Buffer.from(String(file.size));
  const [head, tail] = [size.subarray(0, 3), size.subarray(3)];
  const { program, peer } = await ctx.acceptClient({ files: NO_STALE_TARGET });
  await peer.send(head);
  // The second piece only once the client has read the first (its recv() returned it alone), and
  // then after a short gap, as a slow network might deliver it.
  await waitUntilRead(peer, ctx.timeouts.replyMs);
  await new Promise((resolve) => setTimeout(resolve, SIZE_GAP_MS));
  const ackedEarly = peer.receivedBytes > 0;
  await offer(() => peer.send(tail));
  await readAck(ctx, program, peer, t(
    `the size in two pieces, ${formatPythonBytes(head)} and ${formatPythonBytes(tail)}`,
    `分两段到达的大小 ${formatPythonBytes(head)} 和 ${formatPythonBytes(tail)} `,
  ));
  await offer(() => peer.send(file.bytes()));
  await expectEnds(program, ctx.timeouts.exitMs, 'after the whole file was sent',
    "Once the loop has all the bytes it expects, stop: compare with < (received < size), not != — a wrong size or a few extra bytes must not make the loop run forever.");
  expectNoCrash(program, 'after the size arrived in two pieces');
  const matcher = await matchFileOnDisk(join(program.options.cwd, TARGET), file);
  if (matcher?.complete && matcher.extra === 0) return;
  const wrote = matcher ? `wrote ${matcher.received} bytes into ${TARGET}` : `wrote no ${TARGET}`;
  const read = ackedEarly ? `acknowledged after only ${formatPythonBytes(head)} had arrived, so it took ${Number(head)} for the size, and ` : '';
  const wroteZh = matcher ? `向 ${TARGET} 写入了 ${matcher.received} 个字节` : `没有写出 ${TARGET}`;
  const readZh = ackedEarly ? `在只收到 ${formatPythonBytes(head)} 时就发送了确认，因而把 ${Number(head)} 当成了大小，并且` : '';
  return {
    warning: t(
      `The server sent the size ${formatPythonBytes(size)} in two pieces, ${formatPythonBytes(head)} then ${formatPythonBytes(tail)} ${SIZE_GAP_MS} ms later; your client ${read}${wrote} instead of the ${file.size}-byte file. ` +
        "TCP delivers a stream of bytes, not messages: one recv() may return part of what one send() sent, and nothing marks where the size ends. " +
        "This costs no points, since this protocol gives the client no way to know; a protocol fixes it with framing: a newline after the size (read until b'\\n') or a fixed-width header (always 10 digits, or struct.pack('!Q', size)).",
      `服务器把大小 ${formatPythonBytes(size)} 分成两段发送：先发 ${formatPythonBytes(head)}，${SIZE_GAP_MS} 毫秒后再发 ${formatPythonBytes(tail)}；你的客户端${readZh}${wroteZh}，而不是保存那个 ${file.size} 字节的文件。` +
        "TCP 传送的是字节流，而不是一条条消息：一次 recv() 可能只返回一次 send() 所发送内容的一部分，也没有任何东西标记大小在哪里结束。" +
        "这一项不扣分，因为这个协议让客户端无从知道大小在哪里结束；协议可以用分帧来解决：在大小后面加换行符（读到 b'\\n' 为止），或者使用固定宽度的头部（总是 10 位数字，或者 struct.pack('!Q', size)）。",
    ),
  };
}

/**
 * Waits (bounded) until the program has read everything we sent (its receive queue in /proc is
 * empty), or the connection closed. With `failIfUnread`, a program that has not read it by then fails.
 */
async function waitUntilRead(peer: TcpPeer, boundMs: number, failIfUnread = false): Promise<void> {
  const deadline = performance.now() + boundMs;
  while (!isConsumedByPeer(peer.localPort, peer.remotePort) && peer.closeKind === undefined) {
    if (performance.now() >= deadline) {
      if (failIfUnread) fail(t(`the program stopped reading: what we sent ${seconds(boundMs)} s ago is still unread`, `程序停止了读取：我们 ${seconds(boundMs)} 秒前发送的数据仍然没有被读取`));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Waits (bounded) until the program's end of the connection has seen our FIN or reset (it left ESTABLISHED). */
async function waitUntilClosedThere(peer: TcpPeer, boundMs: number): Promise<void> {
  const deadline = performance.now() + boundMs;
  const established = () => counterpartSocket(peer)?.established === true;
  while (established() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** What a program that has not ended is doing, for a message. */
async function describeActivity(program: Program): Promise<Text> {
  const activity = await measureActivity(program);
  if (activity.exited) return t('it has just ended', '它刚刚结束');
  return isSpinning(activity)
    ? t("it is in a busy loop (recv() returns b'' at once, forever, once the server has closed)", "它陷入了忙循环（服务器关闭后，recv() 会一直立即返回 b''）")
    : t('it is waiting for something', '它在等待某些东西');
}

export const fileTransferChecks: readonly Check[] = [...server, ...client];
