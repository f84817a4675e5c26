// Asking a live Python program where it is: the shim (sitecustomize.py) registers faulthandler
// on STACK_SIGNAL, which writes every thread's stack to a file we name. Used to say "waiting for
// keyboard input (input() at client.py:5)" about a program that is still running.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { isLearnerFile } from './errors.js';

/**
 * A real-time signal (SIGRTMIN+6 with glibc): nothing else uses it, and it is only ever sent to a
 * process that /proc shows has a handler for it, because its default action ends the process.
 */
export const STACK_SIGNAL = 40;

/** Where a program's stacks are written: next to its events file, outside its run folder. */
export function stacksFileFor(eventsFile: string): string {
  return `${eventsFile}.stacks`;
}

/** Whether the process has a handler for STACK_SIGNAL (SigCgt in /proc/<pid>/status): only then is sending it safe. */
export function hasStackHandler(pid: number): boolean {
  try {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/im.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return mask !== undefined && (BigInt(`0x${mask}`) & (1n << BigInt(STACK_SIGNAL - 1))) !== 0n;
  } catch {
    return false;
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Sends STACK_SIGNAL to one Python process and returns what faulthandler wrote, or undefined if
 * it has no handler or wrote nothing within `timeoutMs`. The dump is written by the handler in one
 * go, so it is complete once the file stops growing.
 */
export async function dumpPythonStacks(pid: number, stacksFile: string, timeoutMs = 1000): Promise<string | undefined> {
  if (!hasStackHandler(pid)) return undefined;
  const before = sizeOf(stacksFile);
  try {
    process.kill(pid, STACK_SIGNAL);
  } catch {
    return undefined;
  }
  const deadline = performance.now() + timeoutMs;
  let last = before;
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
    const size = sizeOf(stacksFile);
    if (size > before && size === last) break;
    last = size;
  }
  if (last <= before) return undefined;
  return readFileSync(stacksFile).subarray(before).toString('utf8');
}

export interface PythonFrame {
  readonly file: string;
  readonly line: number;
  readonly function: string;
}

export interface ThreadStack {
  /** The thread that ran the handler (for a signal sent to the process: usually the main thread). */
  readonly current: boolean;
  /** Most recent call first, as faulthandler prints them. */
  readonly frames: readonly PythonFrame[];
}

/** Parses faulthandler's dump: "Current thread 0x… (most recent call first):" then `  File "x.py", line 5 in f`. */
export function parseStacks(text: string): ThreadStack[] {
  const threads: { current: boolean; frames: PythonFrame[] }[] = [];
  for (const line of text.split('\n')) {
    const header = /^(Current thread|Thread) 0x[0-9a-f]+/i.exec(line);
    if (header) {
      threads.push({ current: header[1] === 'Current thread', frames: [] });
      continue;
    }
    const frame = /^\s+File "(.+)", line (\d+) in (.+)$/.exec(line);
    if (frame && threads.length) threads[threads.length - 1]!.frames.push({ file: frame[1]!, line: Number(frame[2]), function: frame[3]! });
  }
  return threads;
}

const READS_INPUT = /\b(raw_)?input\s*\(|\bstdin\b|\breadline\s*\(/;

/** Where the learner's code waits for typed input: the line and its source, read from `cwd`. */
export interface InputWait {
  /** "client.py:5" */
  readonly where: string;
  /** The source line, when it could be read: `msg = input('Please input msg:')`. */
  readonly code?: string;
}

/**
 * The learner's line a thread waits on for input: in the thread whose innermost learner frame
 * reads input (input(), sys.stdin…), else in the thread that ran the handler.
 */
export function findInputWait(stacks: readonly ThreadStack[], cwd: string): InputWait | undefined {
  const source = (frame: PythonFrame): string | undefined => {
    try {
      return readFileSync(isAbsolute(frame.file) ? frame.file : join(cwd, frame.file), 'utf8').split('\n')[frame.line - 1]?.trim();
    } catch {
      return undefined;
    }
  };
  const innermost = stacks.flatMap((thread) => {
    const frame = thread.frames.find((f) => isLearnerFile(f.file));
    return frame ? [{ thread, frame, code: source(frame) }] : [];
  });
  const chosen = innermost.find((t) => t.code !== undefined && READS_INPUT.test(t.code)) ?? innermost.find((t) => t.thread.current) ?? innermost[0];
  if (!chosen) return undefined;
  const name = chosen.frame.file.split(/[\\/]/).pop() ?? chosen.frame.file;
  return { where: `${name}:${chosen.frame.line}`, ...(chosen.code ? { code: chosen.code } : {}) };
}
