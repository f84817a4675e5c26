// Pair checks from an exercise's PairSpec: one check for the clean scenario and one per fault,
// each comparing the learner's pair with the reference pair run through the same proxy and
// faults (a baseline, computed once per process). Pair checks have the role `pair` (neither
// program alone is to blame), the tag `pair` and the fault's tag, and are selected only in pair
// mode (checksOf(…, { pair: true })).
import { z } from 'zod';
import { defineBaseline, type CheckContext } from '../../harness/check/context.js';
import { describeEnding, endedOnPeerGone } from '../../harness/check/diagnose.js';
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import type { Check, FaultTag } from '../../harness/check/types.js';
import { t, type Text } from '../../harness/i18n/text.js';
import { previewBytes } from '../../harness/util/bytes.js';
import { CRASH_GRACE_MS, expectEnds, expectNoCrash } from '../expect/process.js';
import { SERVER_STARTS } from '../expect/starts.js';
import { expectedShows, runFaultPair, type PairRun } from './run.js';
import { expectationOf, type Bytes, type PairFault, type PairSpec } from './scenario.js';
import { showsAll, timesShown } from './shows.js';

type ScenarioTag = FaultTag | 'clean';

/** What the reference pair did in a scenario: what the learner's pair is compared with. */
interface ReferenceOutcome {
  readonly serverReceived: Buffer;
  readonly datagrams?: readonly Buffer[];
  readonly replies?: readonly Buffer[];
  readonly serverSent: Buffer;
  readonly stdout: string;
  readonly ended: boolean;
}

/** A stored ReferenceOutcome (graders/pair/scenario.ts `stableReference`). */
const REFERENCE_OUTCOME = z.strictObject({
  serverReceived: z.instanceof(Buffer),
  datagrams: z.array(z.instanceof(Buffer)).readonly().optional(),
  replies: z.array(z.instanceof(Buffer)).readonly().optional(),
  serverSent: z.instanceof(Buffer),
  stdout: z.string(),
  ended: z.boolean(),
});

const TITLES: Record<ScenarioTag, Text> = {
  clean: t("the learner's client and server work together as the reference client and server do", '学习者的客户端和服务器能一起工作，结果与参考客户端和参考服务器相同'),
  sliced: t("the learner's client and server still work together when every piece arrives in two halves (one recv() is not one message)", '每段数据分成两半送达时，学习者的客户端和服务器仍能一起工作（一次 recv() 不等于一条消息）'),
  latency: t("the learner's client and server still work together when every piece arrives late", '每段数据都迟到时，学习者的客户端和服务器仍能一起工作'),
  stall: t("the learner's client and server still work together when the data stalls midway", '数据在中途停顿时，学习者的客户端和服务器仍能一起工作'),
  reset: t("the learner's client ends (no hang, no busy loop) when the connection is reset midway, as the reference client does", '连接在中途被重置（RST）时，学习者的客户端像参考客户端一样结束（不挂起、不空转）'),
  cut: t("the learner's client ends (no hang, no busy loop) when the connection is closed midway, as the reference client does", '连接在中途被正常关闭（FIN）时，学习者的客户端像参考客户端一样结束（不挂起、不空转）'),
  drop: t("the learner's client and server still work together when a datagram is lost (the client sends it again)", '一个数据报丢失时，学习者的客户端和服务器仍能一起工作（客户端会重发）'),
  duplicate: t("the learner's client and server still work together when a datagram arrives twice", '一个数据报被送达两次时，学习者的客户端和服务器仍能一起工作'),
  reorder: t("the learner's client and server still work together when a datagram arrives late, after the next one", '一个数据报晚到、排在下一个之后时，学习者的客户端和服务器仍能一起工作'),
};

const HINTS: Record<FaultTag, Text> = {
  sliced: t(
    "One recv() may return part of a message: on both sides, keep receiving until you have all of it (its known length, or until recv() returns b'').",
    "一次 recv() 可能只返回消息的一部分：两端都要循环接收，直到收齐整条消息（按已知长度，或直到 recv() 返回 b''）。",
  ),
  latency: t('Data may take a while to arrive: block in recv() (or use a generous timeout) until the reply comes; do not give up after a fraction of a second.', '数据可能要过一会儿才到：在 recv() 中等待（或使用足够长的超时）直到回复到达；不要不到一秒就放弃。'),
  stall: t('A transfer may pause midway: keep waiting in recv() for the rest; a short timeout or a loop that stops at the first pause loses it.', '传输可能在中途暂停：继续在 recv() 中等待剩下的数据；过短的超时或遇到第一次停顿就退出的循环都会丢失数据。'),
  reset: t('When the connection is reset, recv() raises ConnectionResetError: catch it, tell the user and end; never retry recv() on a broken connection in a loop.', '连接被重置时 recv() 会抛出 ConnectionResetError：捕获它，告诉用户并结束；不要在已断开的连接上循环重试 recv()。'),
  cut: t("When recv() returns b'' the other side has closed: stop waiting for more, tell the user and end.", "recv() 返回 b'' 表示对方已关闭：不要再等待更多数据，告诉用户并结束。"),
  drop: t('UDP may lose a datagram: set a timeout on the socket (settimeout) and send the line again when recvfrom() times out.', 'UDP 可能丢失数据报：给套接字设置超时（settimeout），recvfrom() 超时后重新发送这一行。'),
  duplicate: t('UDP may deliver a datagram twice: show one reply for each line you sent, and do not print a reply again.', 'UDP 可能把一个数据报送达两次：每发送一行只显示一个回复，不要把同一个回复再打印一遍。'),
  reorder: t('UDP may deliver datagrams late and out of order: wait with a timeout, send again when it expires, and show the reply to the line you sent.', 'UDP 可能让数据报晚到、乱序：带超时等待，超时后重发，并显示与所发这一行对应的回复。'),
};

function show(data: Bytes): string {
  return previewBytes(typeof data === 'string' ? Buffer.from(data) : data);
}

function printed(stdout: string): string {
  const text = stdout.trim();
  return text ? text.slice(-400) : '(nothing)';
}

/**
 * Datagrams with repeats in a row counted once: a client that sends a line again after its
 * timeout (right, on a busy machine too) and the replies to those repeats are one exchange.
 */
function exchanges(datagrams: readonly Buffer[]): Buffer[] {
  return datagrams.filter((d, i) => i === 0 || !d.equals(datagrams[i - 1]!));
}

function sameDatagrams(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  const x = exchanges(a);
  const y = exchanges(b);
  return x.length === y.length && x.every((d, i) => d.equals(y[i]!));
}

function summarize(run: PairRun): ReferenceOutcome {
  return {
    serverReceived: run.serverReceived,
    ...(run.datagrams ? { datagrams: run.datagrams } : {}),
    ...(run.replies ? { replies: run.replies } : {}),
    serverSent: run.serverSent,
    stdout: run.client.stdout.text(),
    ended: run.client.hasExited,
  };
}

/** The pair checks of an exercise: `pair-clean` and `pair-<fault>` for each fault of the spec. */
export function pairChecks(spec: PairSpec): Check[] {
  const scenarios: (PairFault | undefined)[] = [undefined, ...spec.faults];
  return scenarios.map((fault) => pairCheck(spec, fault));
}

function pairCheck(spec: PairSpec, fault: PairFault | undefined): Check {
  const tag: ScenarioTag = fault?.tag ?? 'clean';
  const baseline = defineBaseline(`reference pair, ${tag}`, async (ctx) => {
    const outcome = summarize(await runFaultPair(ctx, spec, fault, 'reference'));
    // The reference pair must do what the check asks of the learner's: otherwise the check is wrong.
    if (expectationOf(tag) === 'same' && showsAll(outcome.stdout, expectedShows(spec, outcome.serverSent)).missing !== undefined) {
      throw new Error(`the reference client did not show everything in the ${tag} scenario; it printed ${JSON.stringify(outcome.stdout)}`);
    }
    if ((expectationOf(tag) === 'survives' || spec.endsByItself) && !outcome.ended) throw new Error(`the reference client did not end in the ${tag} scenario`);
    return outcome;
  }, spec.stableReference ? { persist: { ...spec.stableReference, schema: REFERENCE_OUTCOME } } : {});
  return {
    id: `pair-${tag}`,
    title: TITLES[tag],
    role: 'pair',
    tags: tag === 'clean' ? ['pair'] : ['pair', tag],
    points: 1,
    dependsOn: SERVER_STARTS,
    baselines: [baseline],
    // Between its lines an interactive client waits for its user: that is no fault here.
    waitsForTypedInput: true,
    hint: tag === 'clean' ? spec.hint : HINTS[tag],
    async run(ctx) {
      const reference = await ctx.baseline(baseline);
      const run = await runFaultPair(ctx, spec, fault, 'learner');
      expectConnected(run);
      if (expectationOf(tag) === 'survives') await judgeSurvival(ctx, run, fault!);
      else await judgeSame(ctx, spec, tag, run, reference);
    },
  };
}

function expectConnected(run: PairRun): void {
  if (run.connected) return;
  if (run.client.hasExited) {
    const ending = describeEnding(run.client);
    fail(t(`the client ${ending} before it reached the server through the proxy`, `客户端在经由代理连到服务器之前就结束了：${ending}`));
  }
  fail(t("the client never reached the server through the proxy: it neither connected (TCP) nor sent a datagram (UDP) to the address it was given", '客户端始终没有经由代理连到服务器：它既没有连接（TCP），也没有向给定的地址发送数据报（UDP）'));
}

async function judgeSame(ctx: CheckContext, spec: PairSpec, tag: ScenarioTag, run: PairRun, reference: ReferenceOutcome): Promise<void> {
  // What the server received: the client's requests, as the reference client sends them.
  const same = reference.datagrams && run.datagrams ? sameDatagrams(run.datagrams, reference.datagrams) : run.serverReceived.equals(reference.serverReceived);
  if (!same && reference.datagrams && run.datagrams) {
    const got = exchanges(run.datagrams).map(show).join(', ') || '-';
    const want = exchanges(reference.datagrams).map(show).join(', ');
    const n = exchanges(run.datagrams).length;
    const m = exchanges(reference.datagrams).length;
    const sent = run.clientSent ?? 0;
    fail(t(
      `the server received ${n} different datagram(s) in a row (${got}); in the same scenario the reference server receives ${m} (${want}); the client sent ${sent} datagram(s) in all`,
      `服务器收到了 ${n} 个（连续重复的算一个）数据报（${got}）；在同一场景中参考服务器收到 ${m} 个（${want}）；客户端一共发送了 ${sent} 个数据报`,
    ), { expected: want, actual: got });
  }
  if (!same) {
    // The cause, not its consequence: a crash of the other program after wrong bytes says less.
    const got = show(run.serverReceived);
    const want = show(reference.serverReceived);
    fail(t(`the server received ${got} from the client; in the same scenario the reference server receives ${want} from the reference client`, `服务器从客户端收到 ${got}；在同一场景中参考服务器从参考客户端收到 ${want}`), {
      expected: want,
      actual: got,
    });
  }
  // What the server answered those requests, where the answer does not vary (not the time of day).
  const sameAnswers = reference.replies && run.replies ? sameDatagrams(run.replies, reference.replies) : run.serverSent.equals(reference.serverSent);
  if (typeof spec.shows !== 'function' && !spec.serverSendsVary && !sameAnswers) {
    // An answer cut short (a client that crashed on a timeout too short for a slow link took it
    // with it) is told by the crash; wrong bytes (a GBK greeting that crashed the client) by the bytes.
    const cutShort = run.serverSent.length < reference.serverSent.length && reference.serverSent.subarray(0, run.serverSent.length).equals(run.serverSent);
    if (cutShort) await crashFirst(ctx, run);
    const got = run.replies ? exchanges(run.replies).map(show).join(', ') : show(run.serverSent);
    const want = reference.replies ? exchanges(reference.replies).map(show).join(', ') : show(reference.serverSent);
    fail(t(`the server sent ${got} to the client; to the same requests the reference server sends ${want}`, `服务器向客户端发送了 ${got}；对同样的请求，参考服务器发送的是 ${want}`), {
      expected: want,
      actual: got,
    });
  }
  const stdout = run.client.stdout.text();
  const wanted = expectedShows(spec, run.serverSent);
  const { missing } = showsAll(stdout, wanted);
  if (missing !== undefined) {
    await crashFirst(ctx, run);
    const what = show(missing);
    const serverDiffers = typeof spec.shows !== 'function' && !run.serverSent.equals(reference.serverSent);
    const sent = show(run.serverSent);
    const refSent = show(reference.serverSent);
    fail(
      serverDiffers
        ? t(`the client did not show ${what}: the server sent it ${sent}, where the reference server sends ${refSent}`, `客户端没有显示 ${what}：服务器发给它的是 ${sent}，而参考服务器发送的是 ${refSent}`)
        : t(`the client did not show ${what}, which the reference client shows in the same scenario`, `客户端没有显示 ${what}，而参考客户端在同一场景中会显示它`),
      { expected: wanted.map(show).join(', '), actual: printed(stdout) },
    );
  }
  if (tag === 'duplicate') {
    for (const payload of new Set(wanted)) {
      const times = timesShown(stdout, payload);
      const referenceTimes = timesShown(reference.stdout, payload);
      if (times > referenceTimes) {
        fail(t(`the client showed ${show(payload)} ${times} times; the reference client shows it ${referenceTimes} time(s): a reply that arrives twice is still one reply`, `客户端显示了 ${show(payload)} ${times} 次，而参考客户端只显示 ${referenceTimes} 次：被送达两次的回复仍然只是一个回复`), {
          actual: printed(stdout),
        });
      }
    }
  }
  if (spec.endsByItself) {
    await expectEnds(run.client, ctx.timeouts.replyMs, 'after the exchange, as the reference client does');
    expectNoCrash(run.client, 'at the end of the exchange');
  }
  expectNoCrash(run.server.program, 'during the exchange with the client');
  await spec.verify?.({ client: run.client, server: run.server.program });
}

async function judgeSurvival(ctx: CheckContext, run: PairRun, fault: PairFault): Promise<void> {
  if (!run.cut) {
    await crashFirst(ctx, run);
    fail(t(`the exchange never got as far as the fault (${fault.tag}): the server sent ${run.serverSent.length} bytes and the client ${run.serverReceived.length}, fewer than the reference pair`, `交换没有进行到施加故障（${fault.tag}）的地方：服务器只发送了 ${run.serverSent.length} 字节，客户端只发送了 ${run.serverReceived.length} 字节，少于参考实现`));
  }
  const what = fault.tag === 'reset' ? 'after the connection was reset' : 'after the connection was closed';
  try {
    await expectEnds(run.client, ctx.timeouts.replyMs, what);
  } catch (error) {
    if (!isCheckFailure(error)) throw error;
    fail(t(`the client did not end ${what} (the reference client does): ${error.message}`, `连接${fault.tag === 'reset' ? '被重置' : '被关闭'}后客户端没有结束（参考客户端会结束）：${error.message}`));
  }
}

/**
 * A failure whose cause is a crash is explained by the crash. A server that crashed because the
 * client had already gone (ConnectionResetError after a client closed with data unread) did not
 * cause it: the client's own failure, told next by the caller, is the cause, and the crash a note.
 */
async function crashFirst(ctx: CheckContext, run: PairRun): Promise<void> {
  for (const program of [run.client, run.server.program]) {
    if (program.mayBeEnding()) await program.settle(CRASH_GRACE_MS);
  }
  for (const [program, who] of [[run.client, 'the client'], [run.server.program, 'the server']] as const) {
    if (!program.hasExited) continue;
    if (program === run.server.program && serverCrashFollowedClient(run)) {
      ctx.note(t(
        `the server then crashed because the client had gone: ${describeEnding(program)}`,
        `随后服务器因为客户端已经离开而崩溃：${describeEnding(program)}`,
      ));
      continue;
    }
    try {
      expectNoCrash(program, 'during the exchange');
    } catch (error) {
      if (isCheckFailure(error)) fail(t(`${who} crashed during the exchange: ${describeEnding(program)}`, `${who === 'the client' ? '客户端' : '服务器'}在交换过程中崩溃：${describeEnding(program)}`), error.details);
      throw error;
    }
  }
}

/**
 * The server ended on its counterpart being gone while the client ended by itself: the client's
 * leaving (with data unread: a reset) is what the server met. Not told by which exit came first:
 * the client closes its socket before its interpreter is done exiting, and the server may die of
 * it sooner.
 */
function serverCrashFollowedClient(run: PairRun): boolean {
  const client = run.client.exitInfo;
  return client !== undefined && client.code === 0 && run.server.program.exitInfo !== undefined && endedOnPeerGone(run.server.program);
}
