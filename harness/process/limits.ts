// Resource limits for one untrusted program, applied with prlimit(1) where it exists.
import { execFileSync } from 'node:child_process';

export interface ResourceLimits {
  /** CPU seconds for the whole run (RLIMIT_CPU): a spinning program is killed with SIGXCPU/SIGKILL. */
  readonly cpuSeconds?: number;
  /** Address space in bytes (RLIMIT_AS): allocations beyond it fail (MemoryError in Python). */
  readonly memoryBytes?: number;
  /** Largest file the program may write, in bytes (RLIMIT_FSIZE). */
  readonly fileSizeBytes?: number;
  /** Open file descriptors (RLIMIT_NOFILE): bounds sockets too. */
  readonly openFiles?: number;
  /** Processes of this user (RLIMIT_NPROC); the kernel ignores it for root, see the PID namespace. */
  readonly processes?: number;
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

/** Prefixes argv with prlimit and the given limits; returns argv unchanged when there are none or no prlimit. */
export function applyLimits(limits: ResourceLimits | undefined, argv: string[]): string[] {
  if (!limits || !canApplyLimits()) return argv;
  const flags: string[] = [];
  if (limits.cpuSeconds) flags.push(`--cpu=${Math.ceil(limits.cpuSeconds)}`);
  if (limits.memoryBytes) flags.push(`--as=${limits.memoryBytes}`);
  if (limits.fileSizeBytes) flags.push(`--fsize=${limits.fileSizeBytes}`);
  if (limits.openFiles) flags.push(`--nofile=${limits.openFiles}`);
  if (limits.processes) flags.push(`--nproc=${limits.processes}`);
  return flags.length ? ['prlimit', ...flags, '--', ...argv] : argv;
}
