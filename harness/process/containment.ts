// How a program's whole process tree is held together so it can be ended at once.
//
// `pid-namespace` (Linux, root or unprivileged user namespaces): the program runs as PID 1 of a
// fresh PID namespace; killing it makes the kernel kill every process inside, including ones that
// called setsid() or double-forked. `setpriv --pdeathsig` also ends it if the grader itself dies.
// `process-group` (everywhere else): the program leads its own process group; we kill the group
// and every descendant /proc can still see. A child that calls setsid() and is re-parented can
// escape this mode; the README says so.
import { execFileSync } from 'node:child_process';
import { hasProcFs } from './proc.js';

export type ContainmentMode = 'pid-namespace' | 'process-group';

export interface Containment {
  readonly mode: ContainmentMode;
  /** Why the stronger mode is not used, when it is not. */
  readonly reason?: string;
  /** argv prefix that puts a command into the containment. */
  readonly prefix: readonly string[];
  /** Processes the prefix adds to the tree above the program (the waiting `unshare`). */
  readonly wrappers: number;
}

let detected: Containment | undefined;

function tryRun(argv: string[]): boolean {
  try {
    execFileSync(argv[0]!, argv.slice(1), { stdio: 'ignore', timeout: 3000 });
    return true;
  } catch {
    return false;
  }
}

/** Detects once per process what this machine allows. */
export function detectContainment(): Containment {
  if (detected) return detected;
  if (!hasProcFs) {
    detected = { mode: 'process-group', reason: `${process.platform} has no PID namespaces`, prefix: [], wrappers: 0 };
    return detected;
  }
  const isRoot = process.getuid?.() === 0;
  const unshare = ['unshare', ...(isRoot ? [] : ['--user', '--map-root-user']), '--pid', '--fork', '--kill-child', '--mount-proc'];
  const prefix = ['setpriv', '--pdeathsig', 'KILL', '--', ...unshare, '--'];
  if (tryRun([...prefix, 'true'])) {
    detected = { mode: 'pid-namespace', prefix, wrappers: 1 };
  } else if (tryRun([...unshare, '--', 'true'])) {
    detected = { mode: 'pid-namespace', prefix: [...unshare, '--'], wrappers: 1 };
  } else {
    detected = {
      mode: 'process-group',
      reason: 'unshare(1) is missing or user namespaces are disabled on this machine',
      prefix: [],
      wrappers: 0,
    };
  }
  return detected;
}

let deathSignal: readonly string[] | undefined;

/** `setpriv --pdeathsig KILL --` where it works: the wrapped program dies if the grader dies. */
export function deathSignalPrefix(): readonly string[] {
  deathSignal ??= hasProcFs && tryRun(['setpriv', '--pdeathsig', 'KILL', '--', 'true']) ? ['setpriv', '--pdeathsig', 'KILL', '--'] : [];
  return deathSignal;
}

/** Forces a mode (tests use this to exercise the fallback). */
export function overrideContainment(mode: ContainmentMode | undefined): void {
  detected = mode === 'process-group' ? { mode, reason: 'chosen by configuration', prefix: [], wrappers: 0 } : undefined;
  if (mode === 'pid-namespace' && detectContainment().mode !== 'pid-namespace') {
    throw new Error('PID namespaces are not available on this machine');
  }
}
