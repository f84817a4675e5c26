// Pointing at the learner's own line for a protocol bug, where the Python shim's counts make it
// certain: the send() that dropped the rest, the recv() that was called once for a whole message,
// the recv() a loop kept calling after it returned b''. Every function returns undefined when the
// evidence is not certain (another language, a call made through the standard library, two
// candidate lines), and the caller keeps its own message.
import { callSites, isRecvCall, isSendCall, siteWhere, type CallSite } from '../../harness/check/observe.js';
import { CheckFailure, fail, isCheckFailure } from '../../harness/check/failure.js';
import { render, t, type Text } from '../../harness/i18n/text.js';
import type { Program } from '../../harness/process/program.js';

/**
 * A loop spinning on b'' repeats it thousands of times in the half second a measurement takes; a
 * server that meets b'' once per client (and reuses a closed socket's number) a few times.
 */
export const SPIN_MIN_REPEATS = 100;

/** `server.py:12 (conn.send(data))`, or only `server.py:12` when the line could not be read. */
export function describeSite(site: CallSite): string {
  return site.source ? `${siteWhere(site)} (${site.source})` : siteWhere(site);
}

/** The same for Chinese text, which takes no space after a full-width parenthesis: followed directly by the next word. */
function describeSiteZh(site: CallSite): string {
  return site.source ? `${siteWhere(site)}（${site.source}）` : `${siteWhere(site)} `;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

const ROLE_ZH = { server: '服务器', client: '客户端' } as const;

/**
 * The send() that sent only part of what it was given and whose program then did not send the
 * rest (the next send on that socket did not start with it): the first such line.
 */
export function droppedSendSite(program: Program): CallSite | undefined {
  return callSites(program)
    .filter((s) => isSendCall(s.call) && s.direct && s.unsentRests > 0 && s.firstPartialSend !== undefined)
    .sort((a, b) => a.firstAt - b.firstAt)[0];
}

/**
 * "your send() at server.py:12 (conn.send(data)) sent 100 of 1,024 bytes, and the program went on
 * without sending the rest…", when a send() of `program` certainly dropped bytes.
 */
export function describeDroppedSend(program: Program): Text | undefined {
  const site = droppedSendSite(program);
  if (!site?.firstPartialSend) return undefined;
  const { sent, size } = site.firstPartialSend;
  return t(
    `your ${site.call}() at ${describeSite(site)} sent ${count(sent)} of ${count(size)} bytes, and the program went on without sending the rest (${site.call}() returns how many bytes it sent)`,
    `你在 ${describeSiteZh(site)}调用的 ${site.call}() 只发送了 ${count(size)} 字节中的 ${count(sent)} 字节，程序没有发送剩下的部分就继续往下执行了（${site.call}() 的返回值是它实际发送的字节数）`,
  );
}

/**
 * The recv() that took one piece for the whole message: the only line of the program's receive
 * calls that was called exactly once and returned exactly the first piece's `firstPiece` bytes
 * (fewer than the message's). Two such lines, or a call made through the standard library
 * (makefile()), and it is not certain which: undefined.
 */
export function singleRecvSite(program: Program, firstPiece: number, total: number): CallSite | undefined {
  if (firstPiece >= total) return undefined;
  const candidates = callSites(program).filter((s) => isRecvCall(s.call) && s.count === 1 && s.bytes === firstPiece);
  return candidates.length === 1 && candidates[0]!.direct ? candidates[0] : undefined;
}

/**
 * "the server called recv() at server.py:8 (data = conn.recv(1024)) only once, and it returned the
 * first 1 of the 12 bytes we sent", when that is certain.
 */
export function describeSingleRecv(program: Program, role: 'server' | 'client', firstPiece: number, total: number): Text | undefined {
  const site = singleRecvSite(program, firstPiece, total);
  if (!site) return undefined;
  return t(
    `the ${role} called ${site.call}() at ${describeSite(site)} only once, and it returned the first ${count(firstPiece)} of the ${count(total)} bytes we sent`,
    `${ROLE_ZH[role]}在 ${describeSiteZh(site)}只调用了一次 ${site.call}()，它只返回了我们发送的 ${count(total)} 字节中的前 ${count(firstPiece)} 字节`,
  );
}

/** Fails with `failure`'s message followed by the sentence naming the learner's line, each language whole. */
export function failWithSite(failure: CheckFailure, sentence: Text): never {
  return fail(
    t(`${render(failure.text, 'en')}; ${sentence.en}`, `${render(failure.text, 'zh')}；${sentence.zh}`),
    failure.details,
  );
}

/**
 * Runs an interaction with a program whose send() may be capped; if it fails and a send() of the
 * program certainly dropped the rest of what it was given, the failure names that line.
 * `await explainDroppedSend(server.program, () => peer.readExactly(size, ms))`
 */
export async function explainDroppedSend<T>(program: Program, interaction: () => Promise<T>): Promise<T> {
  try {
    return await interaction();
  } catch (error) {
    const sentence = isCheckFailure(error) ? describeDroppedSend(program) : undefined;
    if (sentence) failWithSite(error as CheckFailure, sentence);
    throw error;
  }
}

/**
 * Runs an interaction that sends a message in pieces (`firstPiece` bytes first, `total` in all);
 * if it fails and the program certainly received only the first piece with one recv(), the
 * failure names that line.
 */
export async function explainSingleRecv<T>(program: Program, role: 'server' | 'client', firstPiece: number, total: number, interaction: () => Promise<T>): Promise<T> {
  try {
    return await interaction();
  } catch (error) {
    const sentence = isCheckFailure(error) ? describeSingleRecv(program, role, firstPiece, total) : undefined;
    if (sentence) failWithSite(error as CheckFailure, sentence);
    throw error;
  }
}

/** The receive line a loop kept calling after it had returned b'' on the same socket: the most repeated one. */
export function spinSite(program: Program): CallSite | undefined {
  const spinning = callSites(program).filter((s) => isRecvCall(s.call) && s.repeatedEmptyReturns >= SPIN_MIN_REPEATS);
  return spinning.sort((a, b) => b.repeatedEmptyReturns - a.repeatedEmptyReturns)[0];
}

/**
 * The spin of `program` with its line, in a whole sentence for each language, or undefined without
 * a certain line: `kept-running` for expectIdle ("after the client closed its side, the program
 * kept running in a busy loop…"), `did-not-end` for expectEnds ("the program did not end by itself
 * within 3.0 s after the server closed the connection: …"). `cpuPercent`: the measured share of a core.
 */
export function describeSpinSite(program: Program, situation: string | Text, cpuPercent: number, ending: 'kept-running' | 'did-not-end', seconds?: string): Text | undefined {
  const site = spinSite(program);
  if (!site) return undefined;
  const en = typeof situation === 'string' ? situation : situation.en;
  const zh = typeof situation === 'string' ? situation : situation.zh;
  const times = count(site.repeatedEmptyReturns);
  return ending === 'kept-running'
    ? t(
      `after ${en}, the program kept running in a busy loop (${cpuPercent}% of a CPU core): your loop called ${site.call}() at ${describeSite(site)} ${times} more times after it had returned b''`,
      `在${zh}之后，程序仍在一个忙循环中运行（占用一个 CPU 核心的 ${cpuPercent}%）：${site.call}() 在 ${describeSiteZh(site)}返回 b'' 之后，你的循环又调用了它 ${times} 次`,
    )
    : t(
      `the program did not end by itself within ${seconds} s ${en}: it is in a busy loop (${cpuPercent}% of a CPU core): your loop called ${site.call}() at ${describeSite(site)} ${times} more times after it had returned b''`,
      `程序没有在 ${seconds} 秒内自行结束（${zh}）：它陷入了一个忙循环（占用一个 CPU 核心的 ${cpuPercent}%）：${site.call}() 在 ${describeSiteZh(site)}返回 b'' 之后，你的循环又调用了它 ${times} 次`,
    );
}
