// Starts one program (a submission or a reference) and gives checks a handle on it.
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { CapturedOutput } from './output.js';
import { CommandError, planCommand, resolveInterpreter, type Address, type CommandPlan } from './command.js';
import { constants as osConstants } from 'node:os';
import { dirname } from 'node:path';
import { detectContainment, deathSignalPrefix, type ContainmentMode } from './containment.js';
import { killProcessTree, trackTree } from './kill-tree.js';
import { signalTree } from './freeze.js';
import { readTreeCpuSeconds, hasProcFs, hasProgramEnded, isTreeRunnable, waitUntilDead } from './proc.js';
import type { Transcript } from '../transcript.js';
import type { ProgramFault } from './program-fault.js';
import { applyLimits, canApplyLimits, detectKernelBreach, describeBreach, describeOomKill, detectMemoryControl, formatBytes, limitEnvironment, type LimitBreach, type MemoryControlKind, type ResourceLimits } from './limits.js';
import { joinPrefix, MemoryGroup, probeCgroup } from './cgroup.js';
import { BWRAP_WRAPPERS, sandboxPrefix } from './sandbox.js';
import { Watchdog, findFileAtLimit } from './watchdog.js';
import { pythonShimDir } from '../paths.js';
import { spawnPiped } from './spawn.js';
import { STACK_SIGNAL, stacksFileFor } from '../python/stacks.js';
import { t, type Text } from '../i18n/text.js';


export interface ExitInfo {
  readonly code: number | null;
  readonly signal: string | null;
  /** Set when the program could not be started at all. */
  readonly spawnError?: string;
  /** Milliseconds since the check started. */
  readonly at: number;
}

/** How the Python shim should treat this run. */
export interface PythonShimOptions {
  /** Send every bind/connect/sendto of an INET socket to the assigned address. */
  readonly redirect: boolean;
  /** Faults the shim applies inside the program (harness/net/faults: `sendCap(100)`). */
  readonly faults?: readonly ProgramFault[];
  /** Which side the program plays: decides what the redirection rewrites. */
  readonly role: 'server' | 'client';
  /** A file (outside the program's folder) where the shim lists what it redirected. */
  readonly eventsFile?: string;
}

export interface ProgramOptions {
  /** Who this is in transcripts: `server`, `client`, `reference server`. */
  readonly label: string;
  readonly command: string;
  readonly cwd: string;
  readonly address: Address;
  readonly transcript: Transcript;
  readonly outputCapBytes?: number;
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The Python shim's settings. Its environment goes to the program whatever it is, so a Python
   * started by a shell, make or a script gets the shim too (it only acts inside Python).
   */
  readonly python?: PythonShimOptions;
  /** Whose program this is, and so what it runs under. */
  readonly confinement: Confinement;
}

/**
 * A learner's program always runs under limits and, where asked, the sandbox; only our own
 * programs (references, test helpers) run unconfined. A fact of the start, never of a label.
 */
export type Confinement =
  | { readonly kind: 'learner'; readonly limits: ResourceLimits; /** bubblewrap with a private filesystem view (sandbox.ts) */ readonly sandbox: boolean }
  | { readonly kind: 'trusted' };

/** Our own programs: references and test helpers. */
export const TRUSTED: Confinement = Object.freeze({ kind: 'trusted' });

function limitsOf(confinement: Confinement): ResourceLimits | undefined {
  return confinement.kind === 'learner' ? confinement.limits : undefined;
}

const DEFAULT_OUTPUT_CAP = 1024 * 1024;
/** How long an exited program's pipes may take to deliver their last bytes before its exit is made known. */
const STDIO_DRAIN_MS = 500;

export function describeExit(exit: ExitInfo): string {
  return exitText(exit).en;
}

/** How a program ended, completing "the server …": "exited with code 1" / "以退出码 1 退出". */
export function exitText(exit: ExitInfo): Text {
  if (exit.spawnError) return spawnErrorText(exit.spawnError);
  if (exit.signal) return t(`was killed by ${exit.signal}`, `被信号 ${exit.signal} 终止`);
  return t(`exited with code ${exit.code}`, `以退出码 ${exit.code} 退出`);
}

/** A start failure in both languages; the OS's or the command parser's own words stay as they are. */
function spawnErrorText(error: string): Text {
  const missing = /^could not start: command not found: (.*) \(is it installed and on PATH\?\)$/.exec(error);
  if (missing) return t(error, `无法启动：找不到命令 ${missing[1]}（它安装了吗？在 PATH 中吗？）`);
  const other = /^could not start: (.*)$/s.exec(error);
  if (other) return t(error, `无法启动：${other[1]}`);
  return t(error, `无法启动：${error}`);
}

function findExecutable(name: string, cwd: string, pathVar: string | undefined): string | undefined {
  const candidates = name.includes('/') || name.includes('\\') || isAbsolute(name)
    ? [resolve(cwd, name)]
    : (pathVar ?? '').split(delimiter).filter(Boolean).flatMap((dir) =>
        process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'].map((ext) => join(dir, name + ext)) : [join(dir, name)]);
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** Environment variable holding the pid of the grader that started a program. */
export const GRADER_PID_VARIABLE = 'SOCKGRADE_GRADER_PID';

function createEnvironment(options: ProgramOptions, pathFirst: readonly string[], addressSpace: boolean): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const key of ['PATH', 'LANG', 'LC_ALL', 'SYSTEMROOT', 'ComSpec', 'PATHEXT', 'WINDIR', 'TERM']) {
    const value = process.env[key];
    if (value !== undefined) inherited[key] = value;
  }
  const env: Record<string, string> = {
    ...inherited,
    HOME: options.cwd,
    TMPDIR: options.cwd,
    HOST: options.address.host,
    PORT: String(options.address.port),
    PYTHONUNBUFFERED: '1',
    PYTHONIOENCODING: 'utf-8',
    PYTHONDONTWRITEBYTECODE: '1',
    // Inherited by every descendant, even one that escapes its process group: lets a leak check
    // find the programs one grader started.
    [GRADER_PID_VARIABLE]: String(process.pid),
    ...limitEnvironment(limitsOf(options.confinement), addressSpace),
    ...options.env,
  };
  // A shell that starts `python3` finds the interpreter the harness resolved (and bound in the
  // sandbox), not a version manager's shim the sandbox cannot see.
  if (pathFirst.length) env.PATH = [...pathFirst, ...(env.PATH ? [env.PATH] : [])].join(delimiter);
  if (options.python) {
    env.PYTHONPATH = pythonShimDir;
    env.SOCKGRADE_HOST = options.address.host;
    env.SOCKGRADE_PORT = String(options.address.port);
    env.SOCKGRADE_REDIRECT = options.python.redirect ? '1' : '0';
    env.SOCKGRADE_ROLE = options.python.role;
    // Call sites are named relative to the run folder (the program may cd into a subfolder).
    env.SOCKGRADE_ROOT = options.cwd;
    if (options.python.eventsFile) {
      env.SOCKGRADE_EVENTS = options.python.eventsFile;
      env.SOCKGRADE_STACKS = stacksFileFor(options.python.eventsFile);
      env.SOCKGRADE_STACK_SIGNAL = String(STACK_SIGNAL);
    }
    for (const fault of options.python.faults ?? []) Object.assign(env, fault.environment());
  }
  return env;
}

/** A running (or finished) program. Always call `stop()`; the check context does it for you. */
export class Program {
  readonly stdout: CapturedOutput;
  readonly stderr: CapturedOutput;
  readonly containment: ContainmentMode;
  /** What is executed (for a command with shell syntax: the shell, `-c` and the script). */
  readonly argv: readonly string[];
  /** The command as it runs, `{host}`/`{port}` filled in. */
  readonly display: string;
  /** Whether the command starts a Python interpreter (itself, or through a shell). */
  readonly isPython: boolean;
  /** How this program's memory is limited: a cgroup for its tree, its address space, or not at all. */
  readonly memoryControl: MemoryControlKind;
  readonly #group: MemoryGroup | undefined;
  readonly #child: ChildProcess | undefined;
  readonly #exited: Promise<ExitInfo>;
  readonly #watchdog: Watchdog | undefined;
  #exit: ExitInfo | undefined;
  #untrack: () => void = () => {};
  #stdinOpen = true;
  #typedBytes = 0;
  /** Every pid a kill was sent to: stop() waits until they are all gone. */
  readonly #killed = new Set<number>();
  readonly #startedAtMs = Date.now();

  private constructor(readonly options: ProgramOptions, plan: CommandPlan | undefined, startError?: string, executable?: string) {
    const { transcript, label } = options;
    this.argv = plan?.argv ?? [];
    this.display = plan?.display ?? options.command;
    this.isPython = (plan?.pythons.length ?? 0) > 0;
    const containment = detectContainment();
    this.containment = containment.mode;
    const cap = options.outputCapBytes ?? DEFAULT_OUTPUT_CAP;
    if (startError || !plan) {
      const message = startError ?? 'could not start';
      this.#child = undefined;
      this.#watchdog = undefined;
      this.memoryControl = 'none';
      this.#group = undefined;
      this.stdout = new CapturedOutput(cap, undefined);
      this.stderr = new CapturedOutput(cap, undefined);
      this.#exit = { code: null, signal: null, spawnError: message, at: transcript.now() };
      this.#exited = Promise.resolve(this.#exit);
      transcript.add(label, 'exit', message);
      return;
    }
    const limits = limitsOf(options.confinement);
    // Memory: a cgroup for the whole tree where the machine allows it, else address space.
    const cgroup = limits?.memoryBytes && detectMemoryControl().kind === 'cgroup' ? probeCgroup() : undefined;
    this.#group = cgroup?.ok && limits?.memoryBytes ? MemoryGroup.create(cgroup.parent, limits.memoryBytes) : undefined;
    this.memoryControl = !limits?.memoryBytes ? 'none' : this.#group ? 'cgroup' : canApplyLimits() ? 'address-space' : 'none';
    const addressSpace = this.memoryControl === 'address-space';
    // The interpreters a shell starts are found first on PATH (and, below, bound in the sandbox).
    const interpreters = plan.shell ? plan.pythons.map((name) => resolveInterpreter([name])[0]!).filter((real) => isAbsolute(real)) : [];
    const pathFirst = [...new Set(interpreters.map((real) => dirname(real)))];
    const env = createEnvironment(options, pathFirst, addressSpace);
    const argv = plan.shell ? plan.argv : resolveInterpreter(plan.argv);
    const command = applyLimits(limits, argv, addressSpace);
    let wrapped: string[];
    let wrappers: number;
    if (options.confinement.kind === 'learner' && options.confinement.sandbox) {
      // bwrap gives the PID namespace itself; setpriv still ends it if the grader dies.
      const writable = options.python?.eventsFile ? [dirname(options.python.eventsFile)] : [];
      const executables = plan.shell
        ? [...interpreters, ...plan.commands.flatMap((word) => findExecutable(word, options.cwd, process.env.PATH) ?? [])]
        : [this.isPython ? argv[0]! : executable].filter((e): e is string => e !== undefined);
      wrapped = [...deathSignalPrefix(), ...sandboxPrefix({ cwd: options.cwd, executables, readable: options.python ? [pythonShimDir] : [], writable }), ...command];
      wrappers = BWRAP_WRAPPERS;
      this.containment = 'pid-namespace';
    } else {
      wrapped = [...containment.prefix, ...command];
      wrappers = containment.wrappers;
    }
    // The group is joined before anything else runs: every process of the program is inside.
    if (this.#group) wrapped = [...joinPrefix(this.#group.procsFile), ...wrapped];
    transcript.add(label, 'spawn', `${this.display}${options.address.port ? `  (assigned ${options.address.host}:${options.address.port})` : ''}`);
    const child = spawnPiped(wrapped[0]!, wrapped.slice(1), { cwd: options.cwd, env });
    this.#child = child;
    if (child.pid !== undefined) this.#untrack = trackTree(child.pid);
    const pid = child.pid;
    this.#watchdog = limits && pid !== undefined
      ? new Watchdog(limits, {
          pid,
          wrappers,
          printedBytes: () => this.stdout.totalBytes + this.stderr.totalBytes,
          stop: (breach) => {
            transcript.add('harness', 'note', `stopped the ${label}: it ${breach.what.en}${breach.evidence ? ` (${breach.evidence})` : ''}`);
            for (const killed of killProcessTree(pid)) this.#killed.add(killed);
          },
        })
      : undefined;
    const onData = (kind: 'stdout' | 'stderr') => (c: Buffer) => {
      transcript.addData(label, kind, c);
      this.#watchdog?.onOutput();
    };
    this.stdout = new CapturedOutput(cap, child.stdout, onData('stdout'));
    this.stderr = new CapturedOutput(cap, child.stderr, onData('stderr'));
    child.stdin?.on('error', () => {
      this.#stdinOpen = false;
    });
    this.#exited = new Promise<ExitInfo>((resolveExit) => {
      const finish = (info: ExitInfo) => {
        if (this.#exit) return;
        this.#exit = info;
        this.#watchdog?.stopWatching();
        transcript.add(label, 'exit', describeExit(info));
        resolveExit(info);
      };
      child.on('exit', (code, signal) => {
        const info = { code, signal, at: transcript.now() };
        // The exit event can come before the last of the program's output is read. Whoever looks
        // at an exit (a crash's traceback, its last words) must find the output complete, so the
        // exit is made known once both pipes have ended, or after a short bound (a daemon child
        // may hold them open).
        void Promise.all([this.stderr.waitFor(() => false, STDIO_DRAIN_MS), this.stdout.waitFor(() => false, STDIO_DRAIN_MS)]).then(() => finish(info));
      });
      child.on('error', (error) => finish({ code: null, signal: null, spawnError: `could not start: ${error.message}`, at: transcript.now() }));
    });
  }

  /** Starts a program; a command that cannot start yields a Program that has already "exited". */
  static start(options: ProgramOptions): Program {
    let plan: CommandPlan;
    try {
      plan = planCommand(options.command, options.address);
    } catch (error) {
      if (error instanceof CommandError) return new Program(options, undefined, error.message);
      throw error;
    }
    // A shell reports a missing command itself ("sh: 1: ./server: not found", exit 127).
    const executable = findExecutable(plan.argv[0]!, options.cwd, process.env.PATH);
    if (!executable) {
      return new Program(options, plan, `could not start: command not found: ${plan.argv[0]} (is it installed and on PATH?)`);
    }
    return new Program(options, plan, undefined, executable);
  }

  /** Whether this is a learner's program (limits, sandbox, and its failures are the learner's). */
  get isLearners(): boolean {
    return this.options.confinement.kind === 'learner';
  }

  /** The pid of the outermost process (the containment wrapper, when there is one). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get exitInfo(): ExitInfo | undefined {
    return this.#exit;
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /** Resolves with the exit, or undefined if the program is still running after `timeoutMs`. */
  waitExit(timeoutMs: number): Promise<ExitInfo | undefined> {
    if (this.#exit) return Promise.resolve(this.#exit);
    return new Promise((resolveWait) => {
      const timer = setTimeout(() => resolveWait(undefined), timeoutMs);
      void this.#exited.then((info) => {
        clearTimeout(timer);
        resolveWait(info);
      });
    });
  }

  /**
   * Waits (bounded) until the program has exited and its stdout and stderr have been read to the
   * end: the exit event can arrive before the last error output.
   */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    await this.waitExit(timeoutMs);
    const left = () => Math.max(0, deadline - performance.now());
    await this.stderr.waitFor(() => false, left());
    await this.stdout.waitFor(() => false, left());
  }

  /**
   * Stops every process of the program (SIGSTOP) until `thaw()`: what the peers do meanwhile
   * waits in the kernel's queues, so the program meets it in a known order.
   */
  freeze(): void {
    if (this.pid === undefined || this.#exit) return;
    signalTree(this.pid, 'SIGSTOP');
    this.options.transcript.add('harness', 'note', `froze the ${this.options.label} (SIGSTOP)`);
  }

  /** Lets a frozen program run again (SIGCONT). */
  thaw(): void {
    if (this.pid === undefined || this.#exit) return;
    signalTree(this.pid, 'SIGCONT');
    this.options.transcript.add('harness', 'note', `let the ${this.options.label} run again (SIGCONT)`);
  }

  /** Types text on the program's standard input. */
  writeStdin(text: string): void {
    if (!this.#stdinOpen || !this.#child?.stdin || this.#exit) return;
    this.options.transcript.addData(this.options.label, 'stdin', Buffer.from(text));
    this.#typedBytes += Buffer.byteLength(text);
    this.#child.stdin.write(text);
  }

  /** Whether anything has been typed on standard input (a program waiting for input with none typed may be waiting wrongly). */
  get hasBeenTyped(): boolean {
    return this.#typedBytes > 0;
  }

  /** Whether standard input is still open (not ended, not broken). */
  get isStdinOpen(): boolean {
    return this.#stdinOpen;
  }

  /** Closes standard input (the user pressed Ctrl-D). */
  endStdin(): void {
    if (!this.#stdinOpen || !this.#child?.stdin) return;
    this.#stdinOpen = false;
    this.options.transcript.add(this.options.label, 'stdin', 'closed (end of input)');
    this.#child.stdin.end();
  }

  /**
   * The limit this program ran into, if any: one the watchdog stopped it for, or one the kernel
   * enforced that its exit, error output or run folder shows.
   */
  limitBreach(): LimitBreach | undefined {
    const limits = limitsOf(this.options.confinement);
    if (!limits) return undefined;
    if (this.#watchdog?.breach) return this.#watchdog.breach;
    if (this.#group && this.#group.oomKills() > 0) {
      const peak = this.#group.peakBytes();
      return describeOomKill(limits, `the kernel killed a process of it that went over the limit${peak ? ` (peak use ${formatBytes(peak)})` : ''}`);
    }
    const exit = this.#exit;
    if (exit && !exit.spawnError) {
      const signal = exit.signal ?? (exit.code !== null && exit.code > 128 ? signalName(exit.code - 128) : null);
      const failed = signal !== null || exit.code !== 0;
      const kernel = failed ? detectKernelBreach(limits, this.stderr.text(), signal, this.memoryControl, this.stdout.text()) : undefined;
      if (kernel) return kernel;
    }
    if (limits.fileSizeBytes) {
      const file = findFileAtLimit(this.options.cwd, limits.fileSizeBytes, this.#startedAtMs);
      if (file) return describeBreach('file-size', limits, file.slice(this.options.cwd.length + 1));
    }
    return undefined;
  }

  /** CPU seconds the live tree has used so far (0 where /proc is missing). */
  cpuSeconds(): number {
    const pid = this.pid;
    return pid !== undefined && hasProcFs && !this.#exit ? readTreeCpuSeconds(pid) : 0;
  }

  /**
   * Whether the program may be on its way out, so that a short wait will show its exit and last
   * output: it has exited, was stopped by its watchdog, has ended below our wrappers, or is running
   * (perhaps printing a traceback). A program blocked in accept() or recv() is not ending: waiting
   * for it would only push a silent program's verdict past its bound.
   */
  mayBeEnding(): boolean {
    const pid = this.pid;
    if (this.hasExited || this.limitBreach() !== undefined || !hasProcFs || pid === undefined) return true;
    return hasProgramEnded(pid) || isTreeRunnable(pid);
  }

  /** Kills the whole tree and waits (bounded) for the exit to be observed. */
  async stop(): Promise<void> {
    const pid = this.pid;
    this.#watchdog?.stopWatching();
    if (pid !== undefined) for (const killed of killProcessTree(pid)) this.#killed.add(killed);
    this.#untrack();
    this.#child?.stdin?.destroy();
    await this.waitExit(2000);
    // SIGKILL is delivered at once, but a member of the tree (the namespace's PID 1 last of all)
    // may still be dying after the wrapper is reaped; wait (bounded) until none can run code.
    await waitUntilDead([...this.#killed], 2000);
    await this.#group?.remove();
    this.#child?.stdout?.destroy();
    this.#child?.stderr?.destroy();
  }
}

function signalName(n: number): string | null {
  return Object.entries(osConstants.signals).find(([, v]) => v === n)?.[0] ?? null;
}
