// Driving an interactive client: its user is its standard input. Lines are typed when the client
// asks for them (its prompt, or a read on stdin), and stdin stays open, so a client that ends has
// ended by itself.
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import { hasProcFs, isWaitingOnStdin } from '../../harness/process/proc.js';
import type { Program } from '../../harness/process/program.js';
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
  return hasProcFs && program.pid !== undefined && !program.hasExited && isWaitingOnStdin(program.pid);
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
    else if (performance.now() < deadline) {
      await program.stdout.waitFor(prompted, Math.min(POLL_MS, Math.max(0, deadline - performance.now())));
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
export async function expectEndsByItself(program: Program, timeoutMs: number, situation: string, hint?: string) {
  try {
    return await expectEnds(program, timeoutMs, situation, hint);
  } catch (error) {
    if (isCheckFailure(error) && isAskingForInput(program)) {
      fail(`the client did not end by itself within ${(timeoutMs / 1000).toFixed(1)} s ${situation}: it asked for input again and is waiting for the user`, hint ? { hint } : {});
    }
    throw error;
  }
}
