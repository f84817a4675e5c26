// Isolation of submissions where the machine allows it (Linux with bubblewrap).
//
// Two independent parts, because the scripted peers are Node code inside the grader and must
// reach the submission over loopback:
//
// - network: the grader itself runs in a private network namespace that has only `lo`
//   (`bwrap --dev-bind / / --unshare-net`, which also brings `lo` up); the CLI re-executes
//   itself there. Peers, references and submissions then share a loopback-only world: a
//   submission cannot reach any other machine, and hard-coded ports cannot clash with the host.
// - filesystem: every submission program runs under bwrap with an allow-list view: the system
//   (/usr, /etc without password hashes) read-only, its own run folder read-write, the Python
//   shim and the interpreter's install folder read-only, an empty /tmp, its own /proc and /dev.
//   The project folder, /root, /home, other run folders and the submissions themselves are not
//   there at all. bwrap also gives it a PID namespace (the whole-tree kill, as `unshare` does).
//
// Without bwrap (macOS, Windows, Linux without it or without user namespaces) nothing is
// isolated; `--sandbox auto` grades anyway and the report says so, `--sandbox on` refuses.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { projectRoot } from '../paths.js';

export type SandboxMode = 'auto' | 'on' | 'off';
export const SANDBOX_MODES: readonly SandboxMode[] = ['auto', 'on', 'off'];

/** What was isolated in a grading run, for the report. */
export interface SandboxStatus {
  /** `on`: network and filesystem isolated; `partial`: one of them; `off`: neither. */
  readonly sandbox: 'on' | 'partial' | 'off';
  readonly network: 'loopback-only' | 'host';
  readonly filesystem: 'private' | 'host';
  /** What is missing and why, in words. */
  readonly note?: string;
}

/** `--sandbox on` on a machine that cannot isolate: a configuration error (exit 2). */
export class SandboxUnavailableError extends Error {
  override readonly name = 'SandboxUnavailableError';
}

/** Set in the environment of the grader re-executed inside its private network namespace. */
export const NETNS_ENV = 'SOCKGRADE_NETNS';

/**
 * SOCKGRADE_NO_BWRAP=1 pretends bubblewrap is not installed, so the test suite can run the
 * unsandboxed path on a machine that has it (and CI can run both).
 */
export const NO_BWRAP_ENV = 'SOCKGRADE_NO_BWRAP';

let bwrapProbe: { ok: true } | { ok: false; reason: string } | undefined;

/** Whether bwrap can run a sandboxed command here (installed, and namespaces allowed). */
export function probeBwrap(): { ok: true } | { ok: false; reason: string } {
  if (bwrapProbe) return bwrapProbe;
  if (process.env[NO_BWRAP_ENV] === '1') {
    bwrapProbe = { ok: false, reason: `bubblewrap is hidden (${NO_BWRAP_ENV}=1), so submissions are not isolated` };
    return bwrapProbe;
  }
  if (process.platform !== 'linux') {
    bwrapProbe = { ok: false, reason: `${process.platform} has no bubblewrap; submissions are not isolated` };
    return bwrapProbe;
  }
  try {
    execFileSync('bwrap', ['--ro-bind', '/', '/', '--unshare-pid', '--unshare-net', '--die-with-parent', '--', 'true'], { stdio: 'pipe', timeout: 5000 });
    bwrapProbe = { ok: true };
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: Buffer };
    bwrapProbe = {
      ok: false,
      reason: err.code === 'ENOENT'
        ? 'bubblewrap (bwrap) is not installed, so submissions are not isolated (on Debian/Ubuntu: apt-get install bubblewrap)'
        : `bubblewrap cannot create namespaces here (${(err.stderr?.toString().trim() || err.message).split('\n')[0]}); submissions are not isolated`,
    };
  }
  return bwrapProbe;
}

/** Whether this process's network namespace has no interface but `lo`. */
export function hasLoopbackOnlyNetwork(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const names = readFileSync('/proc/self/net/dev', 'utf8').split('\n').slice(2).map((l) => l.split(':')[0]!.trim()).filter(Boolean);
    return names.length > 0 && names.every((n) => n === 'lo');
  } catch {
    return false;
  }
}

/**
 * argv that re-runs `argv` inside a private, loopback-only network namespace, or undefined when
 * not possible (or already inside one). The grader keeps its whole filesystem.
 */
export function networkNamespaceCommand(argv: readonly string[]): string[] | undefined {
  if (process.env[NETNS_ENV] || hasLoopbackOnlyNetwork() || !probeBwrap().ok) return undefined;
  return ['bwrap', '--dev-bind', '/', '/', '--unshare-net', '--die-with-parent', '--', ...argv];
}

/**
 * The environment of a sockgrade process that runs inside a loopback-only network namespace. It can
 * reach no TLS server, so NODE_EXTRA_CA_CERTS (set by proxies and CI images) is dropped: node reads
 * and parses that whole bundle at every start-up, 50-90 ms on a machine with a full CA list.
 */
export function namespacedEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _unreachable, ...rest } = env;
  return { ...rest, [NETNS_ENV]: '1' };
}

/** Decides what a grading run isolates; throws SandboxUnavailableError for `on` when it cannot. */
export function resolveSandbox(mode: SandboxMode): SandboxStatus {
  if (mode === 'off') return { sandbox: 'off', network: 'host', filesystem: 'host', note: 'turned off (--sandbox off)' };
  const bwrap = probeBwrap();
  const network = hasLoopbackOnlyNetwork() ? 'loopback-only' : 'host';
  const filesystem = bwrap.ok ? 'private' : 'host';
  const missing: string[] = [];
  if (!bwrap.ok) missing.push(bwrap.reason);
  if (network === 'host') {
    missing.push(bwrap.ok
      ? 'the grader is not in a private network namespace (the sockgrade command sets one up; when grading from code, run it under `bwrap --dev-bind / / --unshare-net`), so submissions share the host network'
      : 'submissions share the host network');
  }
  if (mode === 'on' && missing.length) throw new SandboxUnavailableError(`--sandbox on: this machine cannot isolate submissions: ${missing.join('; ')}`);
  const sandbox = missing.length === 0 ? 'on' : network === 'loopback-only' || filesystem === 'private' ? 'partial' : 'off';
  return { sandbox, network, filesystem, ...(missing.length ? { note: missing.join('; ') } : {}) };
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
const SECRETS = ['/etc/shadow', '/etc/gshadow', '/etc/shadow-', '/etc/gshadow-', '/etc/sudoers', '/etc/ssh'];

/**
 * Install folders an executable needs (`/root/.pyenv/versions/3.11.7` for its python3), when they
 * are outside the system folders and hold nothing of the grader's or the submissions'.
 */
function installFolders(executable: string | undefined, forbidden: readonly string[]): string[] {
  if (!executable || !isAbsolute(executable)) return [];
  const candidates = new Set<string>();
  for (const path of [executable, safeRealpath(executable)]) {
    if (!path) continue;
    const prefix = dirname(dirname(path));
    candidates.add(prefix);
  }
  return [...candidates].filter((prefix) =>
    prefix !== '/' &&
    existsSync(prefix) &&
    !SYSTEM_DIRS.some((d) => isInside(prefix, d)) &&
    !forbidden.some((f) => isInside(f, prefix) || isInside(prefix, f)));
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

export interface SandboxPlan {
  /** The folder the program runs in: the only one it may write to besides `writable`. */
  readonly cwd: string;
  /** The executables that will be started (resolved paths), to bind their install folders. */
  readonly executables?: readonly string[];
  /** Folders the program reads (the Python shim). */
  readonly readable?: readonly string[];
  /** Further folders the program writes to (the shim's event log). */
  readonly writable?: readonly string[];
}

/** Processes the bwrap wrapper adds to a tree: the monitor and PID 1 of the namespace. */
export const BWRAP_WRAPPERS = 2;

/** The bwrap argv prefix that runs one submission program with the allow-list view. */
export function sandboxPrefix(plan: SandboxPlan): string[] {
  const args = ['bwrap', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--die-with-parent', '--new-session'];
  // A grader running as root (CI, Gradescope) would hand root's capabilities to the learner's
  // program: inside the network namespace it could take loopback down or add firewall rules for
  // every learner graded after it on the same batch worker. A socket program needs none of them.
  if (process.getuid?.() === 0) args.push('--cap-drop', 'ALL');
  for (const dir of SYSTEM_DIRS) {
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else if (st.isDirectory()) args.push('--ro-bind', dir, dir);
  }
  if (existsSync('/etc')) args.push('--ro-bind', '/etc', '/etc');
  for (const secret of SECRETS) {
    const st = lstatSync(secret, { throwIfNoEntry: false });
    if (st?.isFile()) args.push('--ro-bind', '/dev/null', secret);
    else if (st?.isDirectory()) args.push('--tmpfs', secret);
  }
  args.push('--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp');
  const tmp = safeRealpath(tmpdir()) ?? tmpdir();
  if (tmp !== '/tmp' && !tmp.startsWith(`/tmp${sep}`)) args.push('--tmpfs', tmp);
  const forbidden = [projectRoot, tmp, '/tmp', plan.cwd, '/root', '/home'];
  const installs = new Set((plan.executables ?? []).flatMap((e) => installFolders(e, forbidden.filter((f) => f !== '/root' && f !== '/home'))));
  for (const dir of installs) args.push('--ro-bind', dir, dir);
  for (const dir of plan.readable ?? []) if (existsSync(dir)) args.push('--ro-bind', dir, dir);
  for (const dir of [plan.cwd, ...(plan.writable ?? [])]) args.push('--bind', dir, dir);
  args.push('--chdir', plan.cwd, '--');
  return args;
}
