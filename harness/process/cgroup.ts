// Memory limits by what a program uses: one cgroup per learner program, with a memory limit on
// the whole tree, where the machine lets us make one. The address-space limit (RLIMIT_AS, see
// limits.ts) is only the fallback: runtimes such as the JVM, Go, Node and .NET reserve far more
// address space than they ever touch, so an address-space limit stops right programs at start.
//
// Where a group can be made:
// - cgroup v2 (the unified hierarchy): in a group whose cgroup.subtree_control enables `memory`,
//   that is a delegated group (SOCKGRADE_CGROUP names one), or, for root, the nearest ancestor of
//   the grader's own group that has it. A group with processes of its own cannot enable
//   controllers for children ("no internal processes"), so the grader's own group rarely works.
// - cgroup v1 (the `memory` hierarchy of older or hybrid set-ups): any child of the grader's own
//   group, for whoever may write there (root).
// Whether it works is decided by trying: make a group, set a limit, move a process in.
//
// A program joins its group before it runs any of its own code: the argv is prefixed with a
// shell that writes its own pid into cgroup.procs and then execs the rest (containment, sandbox,
// the program), so every process the program ever starts is inside.
//
// SOCKGRADE_NO_CGROUP=1 pretends no cgroup can be made, so the fallback is exercised by the test
// suite on machines that have one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type CgroupVersion = 1 | 2;

/** Where this grader makes its programs' groups. */
export interface CgroupParent {
  readonly version: CgroupVersion;
  readonly dir: string;
}

export type CgroupProbe = { readonly ok: true; readonly parent: CgroupParent } | { readonly ok: false; readonly reason: string };

/** The environment variable that hides cgroups from the harness (tests of the fallback). */
export const NO_CGROUP_ENV = 'SOCKGRADE_NO_CGROUP';
/** The environment variable that names a delegated cgroup v2 group to make program groups in. */
export const CGROUP_ENV = 'SOCKGRADE_CGROUP';

const GROUP_PREFIX = 'sockgrade-';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

interface Mount {
  readonly root: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly superOptions: readonly string[];
}

function readMounts(): Mount[] {
  return (read('/proc/self/mountinfo') ?? '').split('\n').flatMap((line) => {
    const [left, right] = line.split(' - ');
    if (!left || !right) return [];
    const fields = left.split(' ');
    const [fsType, , options] = right.split(' ');
    if (!fields[3] || !fields[4] || !fsType) return [];
    const unescape = (s: string) => s.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    return [{ root: unescape(fields[3]), mountPoint: unescape(fields[4]), fsType, superOptions: (options ?? '').split(',') }];
  });
}

/** The folder of `path` (as /proc/self/cgroup prints it) under a mount of its hierarchy. */
function folderOf(mount: Mount, path: string): string | undefined {
  if (mount.root !== '/' && path !== mount.root && !path.startsWith(`${mount.root}/`)) return undefined;
  const relative = mount.root === '/' ? path : path.slice(mount.root.length);
  return join(mount.mountPoint, relative);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the empty groups of graders that have ended (a grader killed before its clean-up). */
function sweepStale(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^sockgrade-(\d+)-/.exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    try {
      rmdirSync(join(parent, name));
    } catch {
      // still has processes, or not ours to remove
    }
  }
}

const LIMIT_FILE: Record<CgroupVersion, string> = { 1: 'memory.limit_in_bytes', 2: 'memory.max' };
/** Swap counted with memory (v1) or no swap at all (v2): a limit that swapping cannot dodge. */
const SWAP_FILE: Record<CgroupVersion, string> = { 1: 'memory.memsw.limit_in_bytes', 2: 'memory.swap.max' };

/** The shell that moves itself into a group, then becomes the rest of the argv. */
export function joinPrefix(procsFile: string): string[] {
  return ['/bin/sh', '-c', 'echo $$ > "$0" || exit 126; exec "$@"', procsFile];
}

/** Makes a group, limits it and moves a process in: the only sure test that this works here. */
function tryParent(parent: CgroupParent): string | undefined {
  const name = `${GROUP_PREFIX}${process.pid}-probe`;
  const dir = join(parent.dir, name);
  try {
    mkdirSync(dir);
  } catch (error) {
    return `cannot create a group in ${parent.dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  try {
    // The kernel makes the limit file in a new group of a hierarchy with the memory controller.
    if (!existsSync(join(dir, LIMIT_FILE[parent.version]))) return `${parent.dir} is not a cgroup with the memory controller`;
    writeFileSync(join(dir, LIMIT_FILE[parent.version]), String(256 * 1024 * 1024));
    const [shell, ...args] = joinPrefix(join(dir, 'cgroup.procs'));
    const run = spawnSync(shell!, [...args, 'cat', '/proc/self/cgroup'], { stdio: 'pipe', timeout: 3000 });
    if (run.status !== 0) return `cannot move a process into a group in ${parent.dir} (${run.stderr.toString().trim().split('\n').pop() || `exit ${run.status}`})`;
    // The process says which group it is in: ours, or the move did not happen.
    if (!run.stdout.toString().split('\n').some((line) => line.endsWith(`/${name}`))) return `a process moved into a group in ${parent.dir} did not land there`;
    return undefined;
  } catch (error) {
    return `cannot set a memory limit in ${parent.dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  } finally {
    try {
      rmdirSync(dir);
    } catch {
      // removed by the sweep of a later run
    }
  }
}

function controllersOf(dir: string, file: 'cgroup.controllers' | 'cgroup.subtree_control'): string[] {
  return (read(join(dir, file)) ?? '').trim().split(/\s+/).filter(Boolean);
}

/** cgroup v2 parents worth trying, best first: the named one, else the own group and its ancestors that enable memory. */
function v2Candidates(mounts: readonly Mount[], cgroupFile: string): { candidates: string[]; reason?: string } {
  const named = process.env[CGROUP_ENV];
  if (named) return { candidates: [named] };
  const line = cgroupFile.split('\n').find((l) => l.startsWith('0::'));
  const mount = mounts.find((m) => m.fsType === 'cgroup2');
  if (!line || !mount) return { candidates: [], reason: 'no cgroup v2 hierarchy is mounted' };
  const own = folderOf(mount, line.slice(3).trim());
  if (!own || !existsSync(own)) return { candidates: [], reason: 'the grader’s cgroup v2 group is not visible' };
  if (!controllersOf(own, 'cgroup.controllers').includes('memory')) {
    return { candidates: [], reason: 'the cgroup v2 memory controller is not available to the grader’s group' };
  }
  const candidates: string[] = [];
  for (let dir = own; ; dir = dirname(dir)) {
    if (controllersOf(dir, 'cgroup.subtree_control').includes('memory')) candidates.push(dir);
    if (dir === mount.mountPoint || dirname(dir) === dir) break;
  }
  return candidates.length
    ? { candidates }
    : { candidates: [], reason: `no group above the grader’s enables the memory controller for its children (name a delegated one in ${CGROUP_ENV})` };
}

function v1Candidate(mounts: readonly Mount[], cgroupFile: string): { candidate?: string; reason?: string } {
  const line = cgroupFile.split('\n').find((l) => l.split(':')[1]?.split(',').includes('memory'));
  const mount = mounts.find((m) => m.fsType === 'cgroup' && m.superOptions.includes('memory'));
  if (!line || !mount) return { reason: 'no cgroup v1 memory hierarchy is mounted' };
  const own = folderOf(mount, line.split(':').slice(2).join(':').trim());
  return own && existsSync(own) ? { candidate: own } : { reason: 'the grader’s cgroup v1 memory group is not visible' };
}

let probed: CgroupProbe | undefined;

/** Finds, once per process, where program groups with a memory limit can be made. */
export function probeCgroup(): CgroupProbe {
  if (probed) return probed;
  if (process.platform !== 'linux') return (probed = { ok: false, reason: `${process.platform} has no cgroups` });
  if (process.env[NO_CGROUP_ENV] === '1') return (probed = { ok: false, reason: `cgroups are hidden (${NO_CGROUP_ENV}=1)` });
  const mounts = readMounts();
  const cgroupFile = read('/proc/self/cgroup') ?? '';
  const reasons: string[] = [];
  const v2 = v2Candidates(mounts, cgroupFile);
  if (v2.reason) reasons.push(v2.reason);
  for (const dir of v2.candidates) {
    const failure = tryParent({ version: 2, dir });
    if (!failure) {
      sweepStale(dir);
      return (probed = { ok: true, parent: { version: 2, dir } });
    }
    reasons.push(failure);
  }
  const v1 = v1Candidate(mounts, cgroupFile);
  if (v1.candidate) {
    const failure = tryParent({ version: 1, dir: v1.candidate });
    if (!failure) {
      sweepStale(v1.candidate);
      return (probed = { ok: true, parent: { version: 1, dir: v1.candidate } });
    }
    reasons.push(failure);
  } else if (v1.reason && v2.candidates.length === 0) {
    reasons.push(v1.reason);
  }
  return (probed = { ok: false, reason: reasons.join('; ') });
}

let counter = 0;
const live = new Set<MemoryGroup>();

/** One program's group: its memory limit, and what the kernel did when the program met it. */
export class MemoryGroup {
  #removed = false;
  #oomKills = 0;

  private constructor(readonly version: CgroupVersion, readonly dir: string) {}

  /** Makes a group limited to `limitBytes`; undefined (and the caller falls back) if that fails. */
  static create(parent: CgroupParent, limitBytes: number): MemoryGroup | undefined {
    const dir = join(parent.dir, `${GROUP_PREFIX}${process.pid}-${++counter}`);
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, LIMIT_FILE[parent.version]), String(limitBytes));
    } catch {
      try {
        rmdirSync(dir);
      } catch {
        // never made
      }
      return undefined;
    }
    try {
      writeFileSync(join(dir, SWAP_FILE[parent.version]), parent.version === 2 ? '0' : String(limitBytes));
    } catch {
      // no swap accounting on this kernel: without swap there is nothing to dodge the limit with
    }
    const group = new MemoryGroup(parent.version, dir);
    live.add(group);
    return group;
  }

  get procsFile(): string {
    return join(this.dir, 'cgroup.procs');
  }

  /** How many times the kernel killed a process of the group for going over the limit. */
  oomKills(): number {
    if (this.#removed) return this.#oomKills;
    const text = read(join(this.dir, this.version === 2 ? 'memory.events' : 'memory.oom_control')) ?? '';
    const kills = Number(/^oom_kill (\d+)$/m.exec(text)?.[1] ?? 0);
    this.#oomKills = Math.max(this.#oomKills, kills);
    return this.#oomKills;
  }

  /** Most memory the group used at once, where the kernel says (bytes). */
  peakBytes(): number | undefined {
    const text = read(join(this.dir, this.version === 2 ? 'memory.peak' : 'memory.max_usage_in_bytes'));
    return text === undefined ? undefined : Number(text.trim()) || undefined;
  }

  /**
   * Removes the group once its processes are gone (a dying process may hold it a moment longer:
   * retried for up to `timeoutMs`). The counters are read first, for a later limitBreach().
   */
  async remove(timeoutMs = 1000): Promise<void> {
    if (this.#removed) return;
    this.oomKills();
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      try {
        rmdirSync(this.dir);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        if (code !== 'EBUSY' || performance.now() >= deadline) return; // left for removeAllGroups / the next sweep
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    this.#removed = true;
    live.delete(this);
  }

  /** Last-chance removal when the grader exits (synchronous, no retries). */
  removeNow(): void {
    try {
      rmdirSync(this.dir);
      live.delete(this);
    } catch {
      // the next grader's sweep removes it
    }
  }
}

process.on('exit', () => {
  for (const group of [...live]) group.removeNow();
});
