// Scenarios shared by exercises whose server answers each client once and closes (greet,
// one-shot-chat): a client that resets while it waits to be accepted, clients one after another,
// and a reply that reaches the learner's client in pieces.
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import type { CheckContext, RunningServer } from '../../harness/check/context.js';
import { endingText } from '../../harness/check/diagnose.js';
import type { TcpPeer } from '../../harness/net/tcp-peer.js';
import type { Program } from '../../harness/process/program.js';
import { canObserveKernel, counterpartSocket, stillListens } from '../../harness/check/observe.js';
import { previewBytes } from '../../harness/util/bytes.js';
import { showsPayload } from './output.js';
import { CRASH_GRACE_MS, expectNoCrash } from './process.js';
import type { PairRun, PairScenario } from './pairing.js';
import { explainSingleRecv } from './call-sites.js';

/** How often the pair runner looks at the proxy's record. */
const POLL_MS = 5;

/** A pair run of a one-reply exercise, and how far its one connection got. */
export interface OneReplyRun extends PairRun {
  /** The client connected (through the proxy) to the server. */
  readonly connected: boolean;
  /** The server closed (or reset) its side of that connection. */
  readonly serverClosed: boolean;
}

/**
 * Like `runPair` (a client and a server through a recording proxy), for exercises whose server
 * answers once and closes, with each bound counted from the step before it rather than from the
 * client's start: the client connects (start-up bound), the server answers and closes (reply
 * bound, from the connection), the client ends (exit bound, from the server's close). A slow
 * start on a busy machine then costs no bound of a later step.
 * `const run = await runOneReplyPair(ctx, { server: 'submission', client: 'reference' })`
 */
export async function runOneReplyPair(ctx: CheckContext, scenario: Omit<PairScenario, 'stdin'>): Promise<OneReplyRun> {
  const server = scenario.server === 'submission' ? await ctx.startServer() : await ctx.startReferenceServer();
  const serverLabel = scenario.server === 'submission' ? 'server' : 'reference server';
  const clientLabel = scenario.client === 'submission' ? 'client' : 'reference client';
  const proxy = await ctx.proxy(server.address, { client: clientLabel, server: serverLabel });
  const target = { host: '127.0.0.1', port: proxy.port };
  const client = scenario.client === 'submission' ? await ctx.startClient(target) : await ctx.startReferenceClient(target);
  const first = () => proxy.record().connections[0];
  const connected = await pollUntil(() => first() !== undefined || client.hasExited, ctx.timeouts.startupMs, POLL_MS) && first() !== undefined;
  const serverClosed = connected && (await pollUntil(() => first()?.serverClosed !== undefined || client.hasExited, ctx.timeouts.replyMs, POLL_MS)) && first()?.serverClosed !== undefined;
  const exit = await client.waitExit(ctx.timeouts.exitMs);
  if (exit) await proxy.waitClientsClosed(ctx.timeouts.replyMs);
  return { client, server, exit, stdout: client.stdout.text(), wire: proxy.record(), connected, serverClosed };
}



/** Polls (every `everyMs`) until `test` holds or `timeoutMs` passes; resolves whether it held. */
async function pollUntil(test: () => boolean, timeoutMs: number, everyMs = 1): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}

/**
 * Makes the server meet a reset connection on every run, whatever the load: freezes it (SIGSTOP),
 * connects a peer, which the kernel completes into the accept queue, resets it (RST) and waits
 * until /proc shows the kernel has torn the queued connection down, then thaws it. The server's
 * next accept() returns that connection and its first send() or recv() fails with ECONNRESET.
 * `await resetInAcceptQueue(ctx, server); // then talk to the next client`
 */
export async function resetInAcceptQueue(ctx: CheckContext, server: RunningServer): Promise<void> {
  const { program, address } = server;
  program.freeze();
  try {
    const peer = await ctx.connect(address);
    if (canObserveKernel) {
      // Our connect() has returned; the server's end exists once our ACK is processed.
      await pollUntil(() => counterpartSocket(peer)?.established === true, ctx.timeouts.replyMs);
      peer.reset();
      // Until the RST is processed, a thawed server could still send before it and not notice.
      const torn = await pollUntil(() => counterpartSocket(peer)?.established !== true, ctx.timeouts.replyMs);
      if (!torn) throw new Error('the kernel did not tear down the reset connection in time');
    } else {
      peer.reset();
    }
  } finally {
    program.thaw();
  }
}

/**
 * Runs one client's exchange with a server that should be serving it; a failure is explained by
 * the server's crash (with its traceback) or its ending when there was one, and is prefixed by
 * what came before (`after a client reset its connection`).
 * `await expectServes(server.program, 'after a client reset its connection', () => greetOnce(ctx, address))`
 */
export async function expectServes<T>(program: Program, situation: string | Text, exchange: () => Promise<T>): Promise<T> {
  try {
    return await exchange();
  } catch (error) {
    if (!isCheckFailure(error)) throw error;
    // A refused connection means its listening socket is gone: the crash is on its way even when
    // /proc does not show the program ending yet (the interpreter is still tearing down).
    if (program.mayBeEnding() || !stillListens(program)) await program.settle(CRASH_GRACE_MS);
    expectNoCrash(program, situation);
    const when = asText(situation);
    if (program.hasExited) {
      const ending = endingText(program);
      fail(t(`${when.en}, the server ${ending.en}; it should go on accepting clients`, `${when.zh}，服务器${ending.zh}；它应当继续接受客户端`), {
        hint: t(
          'Keep the accept() loop going: handle one client, close its socket, and accept the next one.',
          '让 accept() 循环继续下去：处理完一个客户端，关闭它的套接字，再接受下一个。',
        ),
      });
    }
    const failure = asText(error.text);
    fail(t(`${when.en}, ${failure.en}`, `${when.zh}，${failure.zh}`), error.details);
  }
}

/**
 * Reads what the server sends until it closes and compares it with `expected`: a server of these
 * exercises answers once and closes. `who` names the client in messages (`the second client`).
 */
export async function expectReplyThenClose(ctx: CheckContext, peer: TcpPeer, expected: Buffer, who: string | Text): Promise<void> {
  const { data, kind } = await peer.readUntilClosed(ctx.timeouts.replyMs);
  if (!data.equals(expected)) {
    const client = asText(who);
    const got = previewBytes(data);
    const want = previewBytes(expected);
    fail(kind === 'reset'
      ? t(`${client.en} got ${got} before the server reset the connection; expected ${want}`, `在服务器重置连接之前，${client.zh}收到的是 ${got}；期望的是 ${want}`)
      : t(`${client.en} got ${got} before the server closed the connection; expected ${want}`, `在服务器关闭连接之前，${client.zh}收到的是 ${got}；期望的是 ${want}`), {
      expected: previewBytes(expected),
      actual: previewBytes(data),
    });
  }
}

/**
 * Sends `data` split at `sizes`, each next piece only once the program has read the previous one,
 * so each piece is what one recv() returns. A program that closes before the last piece (a
 * server that answered the first one, a client that gave up) is not a failure here: what it did
 * next decides. `await sendPiecesWhileOpen(ctx, peer, Buffer.from('你好'), [2])`
 */
export async function sendPiecesWhileOpen(ctx: CheckContext, peer: TcpPeer, data: Buffer, sizes: readonly number[]): Promise<void> {
  try {
    await peer.sendInPieces(data, sizes, { consumeBoundMs: ctx.timeouts.replyMs, onUnread: 'send-rest' });
  } catch (error) {
    if (!isCheckFailure(error)) throw error;
  }
}

/**
 * Plays a server whose reply reaches the client in pieces (see `sendPiecesWhileOpen`), then
 * closes. A client that gives up after the first piece closes early: what it printed decides.
 */
export async function sendReplyInPieces(ctx: CheckContext, peer: TcpPeer, reply: Buffer, sizes: readonly number[]): Promise<void> {
  await sendPiecesWhileOpen(ctx, peer, reply, sizes);
  peer.close();
}

/**
 * Waits for the client to print the whole `reply` after `sendReplyInPieces`; otherwise says whether
 * it crashed (a UnicodeDecodeError from decoding one piece), stopped after `firstPiece`, or
 * printed the split character as U+FFFD.
 */
export async function expectPrintsWholeReply(ctx: CheckContext, program: Program, reply: Buffer, firstPiece: Buffer, what: string | Text): Promise<void> {
  if (await program.stdout.waitFor((text) => showsPayload(text, reply), ctx.timeouts.replyMs)) return;
  if (program.mayBeEnding()) await program.settle(CRASH_GRACE_MS);
  const data = asText(what);
  expectNoCrash(program, t(`when ${data.en} arrived in pieces with a character split between two of them`, `在${data.zh}分成几段到达、且有一个字符被拆在两段之间时`));
  const printed = program.stdout.text().trim();
  const why = printed.includes('\ufffd')
    ? t(': the character split between two pieces came out as �, so each piece was decoded on its own', '：被拆在两段之间的字符显示成了 �，说明每一段都被单独解码了')
    : showsPayload(printed, firstPiece) && !showsPayload(printed, reply.subarray(0, firstPiece.length + 3))
      ? t(': it stopped after the first piece', '：它在第一段之后就停止了')
      : t('', '');
  const shown = JSON.stringify(printed || '(nothing)');
  await explainSingleRecv(program, 'client', firstPiece.length, reply.length, async () => fail(t(`the client printed ${shown} instead of the whole of ${data.en}${why.en}`, `客户端打印的是 ${shown}，而不是完整的${data.zh}${why.zh}`), {
    expected: t(`a line showing ${reply.toString('utf8')}`, `显示 ${reply.toString('utf8')} 的一行`),
    actual: printed || t('(nothing)', '（无）'),
  }));
}
