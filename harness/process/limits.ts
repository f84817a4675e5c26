// Resource limits for one untrusted program: what they are, how they are applied, and how a
// breach is told to the learner.
//
// Two layers. The kernel enforces memory through a cgroup per program where the machine allows
// it (cgroup.ts: memory the whole tree uses), else as address space per process, and file size,
// open files and CPU time (as a backstop) per process through prlimit(1) where it exists (Linux). The harness's watchdog
// (watchdog.ts) enforces what the kernel cannot do per tree, or not for root: CPU time of the
// whole tree, number of processes (RLIMIT_NPROC is ignored for root and counts per user), and
// output size. Elsewhere (macOS, Windows) only the watchdog's output cap and the wall-time
// bounds of each check apply.
import { execFileSync } from 'node:child_process';
import { probeCgroup } from './cgroup.js';
import { t, type Text } from '../i18n/text.js';

export interface ResourceLimits {
  /** CPU seconds used by the program's whole process tree. */
  readonly cpuSeconds?: number;
  /**
   * Memory in bytes: of the whole tree where a cgroup can be made (the kernel ends a program that
   * goes over), else address space per process (RLIMIT_AS: allocations beyond it fail, MemoryError
   * in Python). See `detectMemoryControl`.
   */
  readonly memoryBytes?: number;
  /** Largest file the program may write, in bytes (RLIMIT_FSIZE). */
  readonly fileSizeBytes?: number;
  /** Open file descriptors per process (RLIMIT_NOFILE): bounds sockets too. */
  readonly openFiles?: number;
  /** Processes alive at once in the program's tree, the program included. */
  readonly processes?: number;
  /** Bytes the program may print (stdout and stderr together) before it is stopped. */
  readonly outputBytes?: number;
}

/**
 * Applied to every submission program unless configured otherwise. Generous enough for any
 * correct solution (a threaded server with dozens of clients, a server printing every chunk of
 * a 3 MiB echo), tight enough that a runaway program ends long before the check's wall time.
 */
export const DEFAULT_LIMITS = {
  cpuSeconds: 10,
  memoryBytes: 1024 * 1024 * 1024,
  fileSizeBytes: 16 * 1024 * 1024,
  openFiles: 256,
  processes: 64,
  outputBytes: 64 * 1024 * 1024,
} as const satisfies Required<ResourceLimits>;

export type LimitKind = 'cpu' | 'memory' | 'file-size' | 'open-files' | 'processes' | 'output';

/** A limit a program ran into, with the words for the report. */
export interface LimitBreach {
  readonly kind: LimitKind;
  /** Completes "the server …": "used more than 10 s of CPU time and was stopped" (服务器"使用了超过 10 秒的 CPU 时间，已被停止"). */
  readonly what: Text;
  readonly hint: Text;
  /** What the program printed or the kernel said, when that shows the breach. */
  readonly evidence?: string;
}

/** 1536 → "1.5 KiB", 536870912 → "512 MiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toFixed(1))} ${units[unit]}`;
}

const HINTS: Record<LimitKind, Text> = {
  cpu: t(
    'A program waiting for the network should block in accept()/recv(), not loop; look for a loop that never waits (e.g. one that does not stop when recv() returns b"").',
    '等待网络的程序应当阻塞在 accept()/recv() 中，而不是空转循环；找一找从不等待的循环（例如 recv() 返回 b"" 时仍不停止的循环）。',
  ),
  memory: t(
    'Do not keep everything you receive, or build huge strings: handle data in pieces as it arrives.',
    '不要把收到的所有数据都留在内存里，也不要拼接巨大的字符串：数据到达一段就处理一段。',
  ),
  'file-size': t(
    'A socket program should not need large files; check what your program writes and where.',
    '套接字程序不需要写大文件；检查你的程序写了什么、写到了哪里。',
  ),
  'open-files': t(
    'Close every socket you are done with (use `with socket.socket() as s:` or call close()), and do not open more than you need.',
    '用完的套接字都要关闭（使用 `with socket.socket() as s:` 或调用 close()），也不要打开多于需要的套接字。',
  ),
  processes: t(
    'Do not fork() or start processes in a loop; a server needs at most one process or thread per client, and they must end.',
    '不要在循环中 fork() 或启动进程；服务器为每个客户端最多需要一个进程或线程，而且它们必须会结束。',
  ),
  output: t(
    'Print a short line per event, not in a loop that never ends; never print inside a loop that does not wait for input.',
    '每个事件打印简短的一行，不要在永不结束的循环里打印；也不要在不等待输入的循环里打印。',
  ),
};

/** The flag that raises the memory limit, as a hint gives it. */
export const RAISE_MEMORY_FLAG = '--memory 4G';

/** What a runtime prints when it cannot reserve the address space it wants at start (JVM, Go, V8, .NET). */
const RESERVATION_FAILURE = /Could not reserve enough space|Could not allocate compressed class space|insufficient memory for the Java Runtime|Failed to reserve memory|pthread_create failed \(EAGAIN\)|Could not create G1|cannot reserve arena|failed to reserve page summary|runtime: out of memory|Failed to reserve virtual memory|Fatal process out of memory|GC heap initialization failed|Failed to create CoreCLR/;

/** Whether error output shows a runtime that could not reserve its address space (not a program using too much). */
export function isReservationFailure(text: string): boolean {
  return RESERVATION_FAILURE.test(text);
}

/** The breach, in words, for a limit the program ran into. */
export function describeBreach(kind: LimitKind, limits: ResourceLimits, evidence?: string, memory: MemoryControlKind = detectMemoryControl().kind): LimitBreach {
  if (kind === 'memory') return describeMemoryBreach(limits, evidence, memory);
  const what = ((other: Exclude<LimitKind, 'memory'>): Text => {
    switch (other) {
      case 'cpu':
        return t(`used more than ${limits.cpuSeconds} s of CPU time and was stopped (CPU limit)`, `使用了超过 ${limits.cpuSeconds} s 的 CPU 时间，已被停止（CPU 限制）`);
      case 'file-size': {
        const size = formatBytes(limits.fileSizeBytes ?? 0);
        return t(`wrote a file larger than ${size}; the file was cut there (file-size limit)`, `写入的文件超过了 ${size}，文件在此处被截断（文件大小限制）`);
      }
      case 'open-files':
        return t(`opened more than ${limits.openFiles} files or sockets at once (open-file limit)`, `同时打开了超过 ${limits.openFiles} 个文件或套接字（打开文件数限制）`);
      case 'processes':
        return t(`started more than ${limits.processes} processes and was stopped (process limit)`, `启动了超过 ${limits.processes} 个进程，已被停止（进程数限制）`);
      case 'output': {
        const size = formatBytes(limits.outputBytes ?? 0);
        return t(`printed more than ${size} and was stopped (output limit; the output was cut)`, `打印了超过 ${size} 的输出，已被停止（输出限制；输出被截断）`);
      }
    }
  })(kind);
  return { kind, what, hint: HINTS[kind], ...(evidence ? { evidence } : {}) };
}

/** A program of a memory cgroup that the kernel ended for going over the limit. */
export function describeOomKill(limits: ResourceLimits, evidence: string): LimitBreach {
  const size = formatBytes(limits.memoryBytes ?? 0);
  return { kind: 'memory', what: t(`used more than ${size} of memory and was ended by the kernel (memory limit)`, `使用了超过 ${size} 的内存，被内核终止（内存限制）`), hint: HINTS.memory, evidence };
}

/**
 * A failed allocation, in the words of the mechanism that applied: under an address-space limit
 * it counts memory reserved but never used, and may keep a runtime from starting at all.
 */
function describeMemoryBreach(limits: ResourceLimits, evidence: string | undefined, memory: MemoryControlKind): LimitBreach {
  const size = formatBytes(limits.memoryBytes ?? 0);
  const withEvidence = evidence ? { evidence } : {};
  if (memory === 'address-space' && evidence && isReservationFailure(evidence)) {
    return {
      kind: 'memory',
      what: t(
        `could not reserve the address space its runtime wants at start: this machine limits address space per process to ${size}, not the memory a program uses (memory limit)`,
        `启动时无法预留其运行时所需的地址空间：这台机器把每个进程的地址空间限制为 ${size}，而不是限制程序实际使用的内存（内存限制）`,
      ),
      hint: t(
        `Runtimes such as the JVM, Go, Node and .NET reserve far more address space than they use; this is the limit, not your code. Grade with a higher limit, e.g. ${RAISE_MEMORY_FLAG}.`,
        `JVM、Go、Node、.NET 等运行时预留的地址空间远多于实际使用的；这是限制造成的，不是你的代码的问题。请用更高的限制评分，例如 ${RAISE_MEMORY_FLAG}。`,
      ),
      ...withEvidence,
    };
  }
  const hint = memory === 'address-space'
    ? t(
      `${HINTS.memory.en} (This machine limits address space per process, which counts memory reserved but never used; ${RAISE_MEMORY_FLAG} raises it.)`,
      `${HINTS.memory.zh}（这台机器限制的是每个进程的地址空间，预留但从未使用的内存也算在内；${RAISE_MEMORY_FLAG} 可以提高它。）`,
    )
    : HINTS.memory;
  return { kind: 'memory', what: t(`tried to allocate more than ${size} of memory and the allocation failed (memory limit)`, `试图分配超过 ${size} 的内存，分配失败（内存限制）`), hint, ...withEvidence };
}

/**
 * What a program's error output or exit says about a limit set by the kernel, if anything. A
 * runtime that cannot reserve its memory may say so on stdout (the JVM does), so that is read too.
 */
export function detectKernelBreach(limits: ResourceLimits, stderr: string, signal: string | null, memory: MemoryControlKind = detectMemoryControl().kind, stdout = ''): LimitBreach | undefined {
  const tail = stderr.slice(-4000);
  const line = (re: RegExp, text = tail) => text.split('\n').reverse().find((l) => re.test(l))?.trim().slice(0, 200);
  if (limits.memoryBytes) {
    const m = line(RESERVATION_FAILURE, `${stdout.slice(-4000)}\n${tail}`) ?? line(/\bMemoryError\b|Cannot allocate memory|std::bad_alloc|[Oo]ut of memory|can't start new thread|ENOMEM/);
    if (m) return describeBreach('memory', limits, m, memory);
  }
  if (limits.fileSizeBytes) {
    if (signal === 'SIGXFSZ') return describeBreach('file-size', limits, 'killed by SIGXFSZ');
    const m = line(/File too large|\[Errno 27\]|EFBIG/);
    if (m) return describeBreach('file-size', limits, m);
  }
  if (limits.openFiles) {
    const m = line(/Too many open files|\[Errno 24\]|EMFILE/);
    if (m) return describeBreach('open-files', limits, m);
  }
  if (limits.cpuSeconds && signal === 'SIGXCPU') return describeBreach('cpu', limits, 'killed by SIGXCPU');
  return undefined;
}

let prlimitAvailable: boolean | undefined;

/** Whether prlimit(1) can be used here (Linux with util-linux). */
export function canApplyLimits(): boolean {
  if (prlimitAvailable === undefined) {
    try {
      execFileSync('prlimit', ['--cpu=10', '--', 'true'], { stdio: 'ignore', timeout: 3000 });
      prlimitAvailable = true;
    } catch {
      prlimitAvailable = false;
    }
  }
  return prlimitAvailable;
}

/**
 * Prefixes argv with prlimit and the kernel-enforced limits; argv unchanged when there are none
 * or no prlimit. Memory is limited as address space only when `addressSpace` (the program has no
 * memory cgroup). The CPU limit here is a backstop one second above the watchdog's, which stops
 * the tree first and can say why (a process killed by RLIMIT_CPU as PID 1 of a namespace just
 * vanishes). The process count is the watchdog's job: RLIMIT_NPROC does nothing for root.
 */
export function applyLimits(limits: ResourceLimits | undefined, argv: string[], addressSpace: boolean): string[] {
  if (!limits || !canApplyLimits()) return argv;
  const flags: string[] = [];
  if (limits.cpuSeconds) flags.push(`--cpu=${Math.ceil(limits.cpuSeconds) + 1}`);
  if (limits.memoryBytes && addressSpace) flags.push(`--as=${limits.memoryBytes}`);
  if (limits.fileSizeBytes) flags.push(`--fsize=${limits.fileSizeBytes}`);
  if (limits.openFiles) flags.push(`--nofile=${limits.openFiles}`);
  return flags.length ? ['prlimit', ...flags, '--', ...argv] : argv;
}

/**
 * Environment that makes an address-space limit measure what a program really uses; nothing is
 * needed under a cgroup, which counts only memory in use.
 */
export function limitEnvironment(limits: ResourceLimits | undefined, addressSpace: boolean): Record<string, string> {
  const bytes = limits?.memoryBytes;
  if (!bytes || !addressSpace || !canApplyLimits()) return {};
  const mib = (n: number) => `${Math.max(8, Math.floor(n / 1024 / 1024))}m`;
  return {
    // glibc reserves 64 MiB of address space per malloc arena, up to 8 per core: 40 threads
    // reserved 1.3 GiB here without touching it. Two arenas keep a threaded server far below.
    MALLOC_ARENA_MAX: '2',
    // The JVM reserves a quarter of the machine's RAM for its heap, 1 GiB for class metadata and
    // 240 MiB for compiled code, whatever it uses: size them from the limit instead (a right
    // server then starts under 1 GiB; the JVM says "Picked up JAVA_TOOL_OPTIONS" on stderr).
    JAVA_TOOL_OPTIONS: `-Xmx${mib(bytes / 4)} -XX:CompressedClassSpaceSize=${mib(Math.min(bytes / 16, 1024 ** 3))} -XX:ReservedCodeCacheSize=${mib(Math.min(bytes / 16, 240 * 1024 ** 2))}`,
  };
}

export type MemoryControlKind = 'cgroup' | 'address-space' | 'none';

/** How the memory limit is enforced on this machine, for programs and the report. */
export interface MemoryControl {
  readonly kind: MemoryControlKind;
  /** Why the better mechanism is not used, when it is not. */
  readonly note?: string;
}

let memoryControl: MemoryControl | undefined;

/** Decides once per process: a cgroup per program where possible, else address space (prlimit), else none. */
export function detectMemoryControl(): MemoryControl {
  if (memoryControl) return memoryControl;
  const cgroup = probeCgroup();
  if (cgroup.ok) memoryControl = { kind: 'cgroup' };
  else if (canApplyLimits()) memoryControl = { kind: 'address-space', note: `memory is limited as address space per process: no cgroup for it (${cgroup.reason})` };
  else memoryControl = { kind: 'none', note: `memory is not limited: no cgroup (${cgroup.reason}) and no prlimit` };
  return memoryControl;
}
