// Driving an interactive client: its user is its standard input. Lines are typed when the client
// asks for them (its prompt, or a read on stdin), and stdin stays open, so a client that ends has
// ended by itself.
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import { isWaitingForInput } from '../../harness/check/observe.js';
import type { Program } from '../../harness/process/program.js';
import type { CheckContext, RunningServer, StartOptions } from '../../harness/check/context.js';
import type { RecordingProxy } from '../../harness/net/recording-proxy.js';
import { expectEnds } from './process.js';

/** How the client was seen asking for input before a line was typed. */
export type Asked = 'prompt' | 'stdin' | 'exited' | 'timeout';

/** How often to look whether the client is reading its stdin. */
const POLL_MS = 10;

/** How many times `needle` occurs in `text`. */
export function countOccurrences(text: string, needle: string): number {
  if (needle === '') return 0;
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** Whether some thread of the program is blocked reading its standard input (false without /proc). */
export function isAskingForInput(program: Program): boolean {
  return isWaitingForInput(program);
}

export interface AskOptions {
  /** The prompt the exercise documents, e.g. `用户名>>>` (printed without a newline). */
  readonly prompt: string;
  /** Which occurrence of the prompt asks for this line (1 for the first). */
  readonly count: number;
  /** Type anyway after this long: a prompt worded differently is decoration, not a failure. */
  readonly timeoutMs: number;
}

/**
 * Waits until the client asks for a line — its prompt has appeared `count` times, or it is blocked
 * reading stdin — then types `line` and a newline. A line typed a moment early waits in the pipe,
 * as a user typing ahead; nothing is typed to a client that has ended.
 * `await typeWhenAsked(client, 'alice', { prompt: '用户名>>>', count: 1, timeoutMs: ctx.timeouts.replyMs })`
 */
export async function typeWhenAsked(program: Program, line: string, options: AskOptions): Promise<Asked> {
  const deadline = performance.now() + options.timeoutMs;
  const prompted = (text: string) => countOccurrences(text, options.prompt) >= options.count;
  let asked: Asked = 'timeout';
  for (;;) {
    if (prompted(program.stdout.text())) asked = 'prompt';
    else if (program.hasExited) asked = 'exited';
    else if (isAskingForInput(program)) asked = 'stdin';
    else {
      const left = deadline - performance.now();
      if (left <= 0) break;
      // Once its output has closed no prompt can come, and waitFor() would return at once: pace
      // the loop with a timer, which also lets the exit event (often just behind) arrive.
      if (program.stdout.ended) await program.waitExit(Math.min(POLL_MS, left));
      else await program.stdout.waitFor(prompted, Math.min(POLL_MS, left));
      continue;
    }
    break;
  }
  if (asked !== 'exited') program.writeStdin(`${line}\n`);
  return asked;
}

/**
 * Waits for the client to end by itself (stdin still open). One that is waiting for the user
 * again fails with that said, e.g. "it asked for input again"; otherwise as expectEnds.
 */
export async function expectEndsByItself(program: Program, timeoutMs: number, situation: string | Text, hint?: string | Text) {
  try {
    return await expectEnds(program, timeoutMs, situation, hint);
  } catch (error) {
    if (isCheckFailure(error) && isAskingForInput(program)) {
      const within = `${(timeoutMs / 1000).toFixed(1)} s`;
      const when = asText(situation);
      fail(t(
        `the client did not end by itself within ${within} ${when.en}: it asked for input again and is waiting for the user`,
        `客户端${when.zh}没有在 ${within} 内自己结束：它又要求输入，正在等待用户`,
      ), hint ? { hint } : {});
    }
    throw error;
  }
}

/** The submission's server with the reference client connected to it through a recording proxy. */
export interface ReferencePair {
  readonly server: RunningServer;
  readonly client: Program;
  readonly proxy: RecordingProxy;
}

/**
 * Starts the submission's server (with `files` in its folder) and the reference client in front
 * of it, through a recording proxy. Unlike runPair, nothing is typed and nothing is awaited: the
 * check drives the client step by step, each step with its own bound, so a slow start under load
 * cannot eat the time of the conversation.
 * `const { client, proxy } = await startReferencePair(ctx, { account: 'alice:123456' })`
 */
export async function startReferencePair(ctx: CheckContext, files?: StartOptions['files']): Promise<ReferencePair> {
  const server = await ctx.startServer(files ? { files } : {});
  const proxy = await ctx.proxy(server.address, { client: 'reference client', server: 'server' });
  const client = await ctx.startReferenceClient({ host: '127.0.0.1', port: proxy.port });
  return { server, client, proxy };
}
