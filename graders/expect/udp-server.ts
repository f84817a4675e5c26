// Expectations about UDP servers (udp-hello, udp-echo): scripted peers send datagrams and wait for
// the replies at their own address; a server that ends (a crash, a `break` copied from TCP code)
// is reported the moment it ends, with its traceback.
import { z } from 'zod';
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
import { defineBaseline, type BaselineScenario, type CheckContext, type RunningServer } from '../../harness/check/context.js';
import { fail } from '../../harness/check/failure.js';
import { describeTraceback, endingText, hintForCrash } from '../../harness/check/diagnose.js';
import type { UdpPeer } from '../../harness/net/udp-peer.js';
import { previewBytes } from '../../harness/util/bytes.js';
import { receiveOrEnd } from './datagrams.js';

/** What a right server answers to a datagram. */
export type ReplyOf = (datagram: Buffer) => Buffer;

/**
 * Bound for reading an ended program's last error output (its traceback). settle() returns as
 * soon as the pipes close, so only a heavily loaded machine waits longer than a few ms.
 */
const SETTLE_MS = 2000;
const PING = Buffer.from('ping');
const WRONG_ADDRESS_HINT = t(
  'Answer each datagram with sendto(reply, addr), addr being the address recvfrom() returned with that datagram.',
  '用 sendto(reply, addr) 回复每个数据报，addr 是 recvfrom() 随这个数据报一起返回的地址。',
);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Hints for a server that ended: one for a clean exit (a `break`), one for a crash. */
export interface EndingHints {
  readonly clean?: string | Text;
  readonly crash?: string | Text;
}

/**
 * Fails with why the server ended (its traceback, or its clean exit) in `situation`, which
 * leads the sentence: "after we sent b'x', the server …" / "在我们发送 b'x' 之后，服务器……".
 */
export async function failServerEnded(server: RunningServer, situation: string | Text, hints: EndingHints = {}): Promise<never> {
  const { program } = server;
  await program.settle(SETTLE_MS);
  const stderr = program.stderr.text();
  const exit = program.exitInfo;
  const crashed = describeTraceback(stderr) !== undefined || Boolean(exit?.signal) || (exit?.code ?? 0) !== 0;
  const hint = crashed ? (hints.crash ?? hintForCrash(stderr)) : hints.clean;
  const when = asText(situation);
  const ending = endingText(program);
  return fail(t(`${when.en}, the server ${ending.en}`, `${when.zh}，服务器${ending.zh}`), hint ? { hint } : {});
}

/**
 * Sends `data` from `peer` and returns the reply that comes back to the peer's own address; fails
 * if the server ends or stays silent for the reply bound.
 * `const reply = await requestReply(ctx, server, peer, Buffer.from('world'))`
 */
export async function requestReply(ctx: CheckContext, server: RunningServer, peer: UdpPeer, data: Buffer, sentBefore = 0): Promise<Buffer> {
  await peer.send(data, server.address);
  const arrival = await receiveOrEnd(peer, server.program, ctx.timeouts.replyMs);
  if (arrival.kind === 'datagram') return arrival.datagram.data;
  const datagram = datagramText(data);
  if (arrival.kind === 'ended') {
    const situation = sentBefore === 0
      ? t(`after we sent ${datagram.en}`, `在我们发送${datagram.zh}之后`)
      : sentBefore === 1
        ? t(`after we sent ${datagram.en} (having answered 1 datagram before it)`, `在我们发送${datagram.zh}之后（此前它已回复了 1 个数据报）`)
        : t(`after we sent ${datagram.en} (having answered ${sentBefore} datagrams before it)`, `在我们发送${datagram.zh}之后（此前它已回复了 ${sentBefore} 个数据报）`);
    return failServerEnded(server, situation, {
      clean: t(
        'A UDP server answers datagrams in a loop (while True: recvfrom, sendto) and never ends by itself.',
        'UDP 服务器在循环中回复数据报（while True: recvfrom, sendto），从不自己结束。',
      ),
    });
  }
  const within = seconds(ctx.timeouts.replyMs);
  return fail(t(
    `the server did not answer ${datagram.en} within ${within}: no datagram came back to the port it was sent from (port ${peer.port})`,
    `服务器没有在 ${within} 内回复${datagram.zh}：没有数据报回到发送它的端口（端口 ${peer.port}）`,
  ), { hint: WRONG_ADDRESS_HINT });
}

/** `b'world'`, `an empty datagram`, `a 2000-byte datagram` (English; see `datagramText`). */
export function describeDatagram(data: Buffer): string {
  return datagramText(data).en;
}

/** A datagram as the object of a sentence, in every language: its bytes, or its size. */
export function datagramText(data: Buffer): Text {
  if (data.length === 0) return t('an empty (zero-length) datagram', '一个空（长度为零的）数据报');
  if (data.length > 64) return t(`a ${data.length}-byte datagram`, `一个 ${data.length} 字节的数据报`);
  const preview = previewBytes(data);
  return t(preview, ` ${preview} `);
}

/**
 * Two peers at two ports send interleaved datagrams (A, B, then B, A); each must get its own
 * replies. Catches a server that answers one remembered address instead of each sender's.
 * `await expectSeparateReplies(ctx, server, (d) => Buffer.concat([HELLO, d]))`
 */
export async function expectSeparateReplies(ctx: CheckContext, server: RunningServer, replyOf: ReplyOf): Promise<void> {
  const a = await ctx.udp();
  const b = await ctx.udp();
  const rounds: [UdpPeer, string][][] = [
    [[a, 'alpha from A'], [b, 'bravo from B']],
    [[b, 'charlie from B'], [a, 'delta from A']],
  ];
  for (const round of rounds) {
    for (const [peer, text] of round) await peer.send(text, server.address);
    const arrivals = await Promise.all(round.map(([peer]) => receiveOrEnd(peer, server.program, ctx.timeouts.replyMs)));
    if (arrivals.some((x) => x.kind === 'ended')) await failServerEnded(server, t('while two clients were sending datagrams in turn', '在两个客户端轮流发送数据报时'));
    for (const [i, [peer, text]] of round.entries()) {
      const expected = replyOf(Buffer.from(text));
      const arrival = arrivals[i]!;
      const sent = previewBytes(Buffer.from(text));
      if (arrival.kind === 'datagram') {
        if (arrival.datagram.data.equals(expected)) continue;
        const got = previewBytes(arrival.datagram.data);
        fail(t(`the client at port ${peer.port} sent ${sent} and got ${got} back`, `端口 ${peer.port} 上的客户端发送了 ${sent}，收到的回复是 ${got}`), {
          expected: previewBytes(expected),
          actual: got,
          ...(round.some(([, other]) => replyOf(Buffer.from(other)).equals(arrival.datagram.data))
            ? { hint: t(`That is the reply to the other client's datagram. ${WRONG_ADDRESS_HINT.en}`, `这是对另一个客户端的数据报的回复。${WRONG_ADDRESS_HINT.zh}`) }
            : {}),
        });
      }
      // Where did the reply go? Look at what the other client has received meanwhile.
      const other = round.find(([p]) => p !== peer)![0];
      const strayed = await other.tryReceive(0);
      const within = seconds(ctx.timeouts.replyMs);
      const want = previewBytes(expected);
      if (strayed?.data.equals(expected)) {
        fail(t(
          `the client at port ${peer.port} sent ${sent} and got no reply within ${within}; the server sent ${want} to the client at port ${other.port} instead`,
          `端口 ${peer.port} 上的客户端发送了 ${sent}，在 ${within} 内没有收到回复；服务器反而把 ${want} 发给了端口 ${other.port} 上的客户端`,
        ), { hint: t(`The server replies to one remembered address. ${WRONG_ADDRESS_HINT.en}`, `服务器总是回复它记住的同一个地址。${WRONG_ADDRESS_HINT.zh}`) });
      }
      fail(t(`the client at port ${peer.port} sent ${sent} and got no reply within ${within}`, `端口 ${peer.port} 上的客户端发送了 ${sent}，在 ${within} 内没有收到回复`), { hint: WRONG_ADDRESS_HINT });
    }
  }
}

export interface OddDatagram {
  readonly data: Buffer;
  /** In the failure message: "after an empty (zero-length) datagram" / "在一个空数据报之后". */
  readonly what: string | Text;
}

/**
 * Sends an odd datagram (empty, not UTF-8, oversize), then b'ping': the server must survive and
 * answer the ping with its usual reply. Whatever it answers to the odd datagram itself is its
 * choice (a truncated echo of an oversize one is fine).
 * `await expectSurvives(ctx, server, replyOf, { data: Buffer.alloc(0), what: 'an empty datagram' })`
 */
export async function expectSurvives(ctx: CheckContext, server: RunningServer, replyOf: ReplyOf, odd: OddDatagram): Promise<void> {
  const peer = await ctx.udp();
  await peer.send(odd.data, server.address);
  await peer.send(PING, server.address);
  const expected = replyOf(PING);
  const other: Buffer[] = [];
  const deadline = performance.now() + ctx.timeouts.replyMs;
  for (;;) {
    const arrival = await receiveOrEnd(peer, server.program, Math.max(0, deadline - performance.now()));
    const what = asText(odd.what);
    if (arrival.kind === 'ended') return failServerEnded(server, t(`after ${what.en}`, `在收到${what.zh}之后`), { clean: ctx.check.hint, crash: ctx.check.hint });
    if (arrival.kind === 'datagram') {
      if (arrival.datagram.data.equals(expected)) return;
      other.push(arrival.datagram.data);
      // One reply may be the odd datagram's own; a second wrong one is the ping's.
      if (other.length < 2) continue;
    }
    const came = other.map((d) => previewBytes(d)).join(', ');
    const got = other.length === 0 ? t('nothing came back', '什么也没有收到') : t(`what came back: ${came}`, `收到的是：${came}`);
    const ping = previewBytes(PING);
    const want = previewBytes(expected);
    const within = seconds(ctx.timeouts.replyMs);
    return fail(t(
      `after ${what.en} and then ${ping}, the server did not answer the ping with ${want} within ${within}; ${got.en}`,
      `在收到${what.zh}和随后的 ${ping} 之后，服务器没有在 ${within} 内用 ${want} 回复 ping；${got.zh}`,
    ), {
      expected: want,
      actual: other.length ? came : t('(nothing)', '（无）'),
    });
  }
}

/**
 * The reference server's replies to `lines`, one datagram at a time: a baseline for the server
 * checks, kept across runs (each reply is awaited, or the scenario fails). `module` is the
 * caller's `import.meta.url`: the lines come from there.
 */
export function referenceServerReplies(exercise: string, lines: readonly string[], module: string | URL): BaselineScenario<Buffer[]> {
  return defineBaseline(`${exercise} reference server answering ${lines.length} lines`, async (ctx) => {
    const server = await ctx.startReferenceServer();
    const peer = await ctx.udp();
    const replies: Buffer[] = [];
    for (const line of lines) replies.push(await requestReply(ctx, server, peer, Buffer.from(line)));
    return replies;
  }, { persist: { version: 1, module, schema: z.array(z.instanceof(Buffer)) } });
}
