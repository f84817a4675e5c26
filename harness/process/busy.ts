// Telling a program that waits from one stuck in a loop, whatever the machine's load. A loop on
// recv() == b'' that prints each turn spends much of its time blocked writing to its output once
// the grader reads more slowly than it prints. Measured on this 2-core machine at load ~18: such a
// server was blocked in write(1, ...) in 30-95% of samples and runnable in the rest, and only
// 1-14 KB were read from it in 400 ms, so neither its CPU share nor its output (expectIdle's
// signals) showed it. Here blocked printing counts as busy, like running; a program waiting for
// the network is blocked in recv()/accept() and is neither.
import { t, type Text } from '../i18n/text.js';
import { readdirSync } from 'node:fs';
import { hasProcFs, listProcessTree, readBlockedSyscall } from './proc.js';
import type { Program } from './program.js';
import { RUNNABLE_THRESHOLD, SPIN_WINDOW_MS } from './activity.js';

/** write(2) and writev(2): 1 and 20 on x86_64, 64 and 66 on arm64. */
const WRITE_SYSCALLS = new Set(['1', '20', '64', '66']);
/** stdout and stderr, as /proc prints a syscall's first argument. */
const OUTPUT_FDS = new Set(['0x1', '0x2']);
const SAMPLE_EVERY_MS = 10;
/** Consecutive samples neither running nor printing after which a program counts as waiting. */
const QUIET_SAMPLES = 10;
/** Samples a busy verdict needs at least, however slowly sampling goes on a loaded machine. */
const MIN_SAMPLES = 10;

/** The system call each thread of the tree is in (or `running`), each thread read once. */
export function readTreeCalls(rootPid: number): NonNullable<ReturnType<typeof readBlockedSyscall>>[] {
  return listProcessTree(rootPid).flatMap((pid) => {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
    return tids.flatMap((tid) => readBlockedSyscall(pid, tid) ?? []);
  });
}

/**
 * What the tree is doing right now: `running` (or waiting for a CPU), `printing` (blocked writing
 * to its stdout or stderr: the pipe is full), or `waiting` (blocked in anything else, such as
 * recv() or accept()). One read per thread: a thread read twice may move between states in
 * between and be missed by both tests.
 */
export function sampleTree(rootPid: number): 'running' | 'printing' | 'waiting' {
  const calls = readTreeCalls(rootPid);
  if (calls.some((call) => call.running)) return 'running';
  return calls.some((call) => WRITE_SYSCALLS.has(call.nr ?? '') && OUTPUT_FDS.has(call.firstArgument ?? '')) ? 'printing' : 'waiting';
}

export interface Busyness {
  /** Share of samples in which the program was running, runnable, or blocked printing. */
  readonly busyShare: number;
  /** Share of samples in which it was blocked printing. */
  readonly printingShare: number;
  /** Bytes it printed during the window. */
  readonly printedBytes: number;
  readonly exited: boolean;
}

/**
 * Samples the program: waits (up to QUIET_SAMPLES samples) for it to do anything, then watches it
 * for `windowMs` from its first busy sample, ending early once it has been quiet for QUIET_SAMPLES
 * samples in a row or has exited. Counting from the first busy sample matters: a program that meets
 * what it reacts to a moment late (a FIN still on its way, a CPU it has to wait for) is judged on
 * a whole window, not on the last two samples of one.
 */
export async function measureBusyness(program: Program, windowMs = SPIN_WINDOW_MS): Promise<Busyness> {
  const printed0 = program.stdout.totalBytes + program.stderr.totalBytes;
  let started: number | undefined;
  let samples = 0;
  let busy = 0;
  let printing = 0;
  let quietRun = 0;
  let exit = program.exitInfo;
  const watching = () => (started === undefined ? true : performance.now() - started < windowMs || samples < MIN_SAMPLES);
  while (!exit && hasProcFs && program.pid !== undefined && quietRun < QUIET_SAMPLES && watching()) {
    const state = sampleTree(program.pid);
    if (state !== 'waiting') {
      started ??= performance.now();
      samples++;
      busy++;
      if (state === 'printing') printing++;
      quietRun = 0;
    } else {
      if (started !== undefined) samples++;
      quietRun++;
    }
    exit = await program.waitExit(SAMPLE_EVERY_MS);
  }
  const exited = exit !== undefined;
  return {
    busyShare: exited || samples === 0 ? 0 : busy / samples,
    printingShare: exited || samples === 0 ? 0 : printing / samples,
    printedBytes: program.stdout.totalBytes + program.stderr.totalBytes - printed0,
    exited,
  };
}

/** Whether the measurement shows a loop that never waits (running, or printing as fast as it can). */
export function isBusy(busyness: Busyness): boolean {
  return !busyness.exited && busyness.busyShare >= RUNNABLE_THRESHOLD;
}

/** "a busy loop that prints without end (…)", for failure messages. */
export function describeBusy(busyness: Busyness): Text {
  const share = `${Math.round(busyness.busyShare * 100)}%`;
  const printed = busyness.printedBytes;
  return busyness.printingShare >= 0.2 || printed > 4096
    ? t(
      `a busy loop that prints without end (running or blocked writing its output in ${share} of samples; ${printed} bytes read from it meanwhile)`,
      `一个不停打印的忙循环（${share} 的采样中它在运行或阻塞于写输出；这期间从它读到了 ${printed} 字节）`,
    )
    : t(`a busy loop (running in ${share} of samples)`, `一个忙循环（${share} 的采样中它在运行）`);
}
