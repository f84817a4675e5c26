// Expectations about UDP servers (udp-hello, udp-echo): scripted peers send datagrams and wait for
// the replies at their own address; a server that ends (a crash, a `break` copied from TCP code)
// is reported the moment it ends, with its traceback.
import { render } from '../../harness/i18n/text.js';
import { defineBaseline, type BaselineScenario, type CheckContext, type RunningServer } from '../../harness/check/context.js';
import { fail } from '../../harness/check/failure.js';
import { describeEnding, describeTraceback, hintForCrash } from '../../harness/check/diagnose.js';
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
const WRONG_ADDRESS_HINT = 'Answer each datagram with sendto(reply, addr), addr being the address recvfrom() returned with that datagram.';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Hints for a server that ended: one for a clean exit (a `break`), one for a crash. */
export interface EndingHints {
  readonly clean?: string;
  readonly crash?: string;
}

/** Fails with why the server ended (its traceback, or its clean exit) in `situation`. */
export async function failServerEnded(server: RunningServer, situation: string, hints: EndingHints = {}): Promise<never> {
  const { program } = server;
  await program.settle(SETTLE_MS);
  const stderr = program.stderr.text();
  const exit = program.exitInfo;
  const crashed = describeTraceback(stderr) !== undefined || Boolean(exit?.signal) || (exit?.code ?? 0) !== 0;
  const hint = crashed ? (hints.crash ?? hintForCrash(stderr)) : hints.clean;
  return fail(`${situation}, the server ${describeEnding(program)}`, hint ? { hint } : {});
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
  if (arrival.kind === 'ended') {
    const answered = sentBefore > 0 ? ` (having answered ${sentBefore} datagram${sentBefore > 1 ? 's' : ''} before it)` : '';
    return failServerEnded(server, `after we sent ${describeDatagram(data)}${answered}`, {
      clean: 'A UDP server answers datagrams in a loop (while True: recvfrom, sendto) and never ends by itself.',
    });
  }
  return fail(`the server did not answer ${describeDatagram(data)} within ${seconds(ctx.timeouts.replyMs)}: no datagram came back to the port it was sent from (port ${peer.port})`, { hint: WRONG_ADDRESS_HINT });
}

/** `b'world'`, `an empty datagram`, `a 2000-byte datagram`. */
export function describeDatagram(data: Buffer): string {
  if (data.length === 0) return 'an empty (zero-length) datagram';
  if (data.length > 64) return `a ${data.length}-byte datagram`;
  return previewBytes(data);
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
    if (arrivals.some((x) => x.kind === 'ended')) await failServerEnded(server, 'while two clients were sending datagrams in turn');
    for (const [i, [peer, text]] of round.entries()) {
      const expected = replyOf(Buffer.from(text));
      const arrival = arrivals[i]!;
      const label = `the client at port ${peer.port}`;
      if (arrival.kind === 'datagram') {
        if (arrival.datagram.data.equals(expected)) continue;
        fail(`${label} sent ${previewBytes(Buffer.from(text))} and got ${previewBytes(arrival.datagram.data)} back`, {
          expected: previewBytes(expected),
          actual: previewBytes(arrival.datagram.data),
          ...(round.some(([, other]) => replyOf(Buffer.from(other)).equals(arrival.datagram.data)) ? { hint: `That is the reply to the other client's datagram. ${WRONG_ADDRESS_HINT}` } : {}),
        });
      }
      // Where did the reply go? Look at what the other client has received meanwhile.
      const other = round.find(([p]) => p !== peer)![0];
      const strayed = await other.tryReceive(0);
      const elsewhere = strayed?.data.equals(expected) ? `; the server sent ${previewBytes(expected)} to the client at port ${other.port} instead` : '';
      fail(`${label} sent ${previewBytes(Buffer.from(text))} and got no reply within ${seconds(ctx.timeouts.replyMs)}${elsewhere}`, {
        hint: elsewhere ? `The server replies to one remembered address. ${WRONG_ADDRESS_HINT}` : WRONG_ADDRESS_HINT,
      });
    }
  }
}

export interface OddDatagram {
  readonly data: Buffer;
  /** In the failure message: "after an empty (zero-length) datagram". */
  readonly what: string;
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
    if (arrival.kind === 'ended') return failServerEnded(server, `after ${odd.what}`, { clean: render(ctx.check.hint, 'en'), crash: render(ctx.check.hint, 'en') });
    if (arrival.kind === 'datagram') {
      if (arrival.datagram.data.equals(expected)) return;
      other.push(arrival.datagram.data);
      // One reply may be the odd datagram's own; a second wrong one is the ping's.
      if (other.length < 2) continue;
    }
    const got = other.length === 0 ? 'nothing came back' : `what came back: ${other.map((d) => previewBytes(d)).join(', ')}`;
    return fail(`after ${odd.what} and then ${previewBytes(PING)}, the server did not answer the ping with ${previewBytes(expected)} within ${seconds(ctx.timeouts.replyMs)}; ${got}`, {
      expected: previewBytes(expected),
      actual: other.length ? other.map((d) => previewBytes(d)).join(', ') : '(nothing)',
    });
  }
}

/** The reference server's replies to `lines`, one datagram at a time: a baseline for the server checks. */
export function referenceServerReplies(exercise: string, lines: readonly string[]): BaselineScenario<Buffer[]> {
  return defineBaseline(`${exercise} reference server answering ${lines.length} lines`, async (ctx) => {
    const server = await ctx.startReferenceServer();
    const peer = await ctx.udp();
    const replies: Buffer[] = [];
    for (const line of lines) replies.push(await requestReply(ctx, server, peer, Buffer.from(line)));
    return replies;
  });
}
