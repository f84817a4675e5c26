// Everything a check may use, and the guarantee that everything it started ends with it.
import { logStartsAtExit } from './start-log.js';
import { cpSync, mkdtempSync, rmSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import getPort from 'get-port';
import type { Exercise } from '../../exercises/schema.js';
import type { Check, Role } from './types.js';
import type { Submission } from './submission.js';
import { referenceCommand } from './reference.js';
import { CheckFailure } from './failure.js';
import { BEFORE_CONNECTED, diagnoseEarlyExit, diagnoseInputWait, diagnoseNoConnection, diagnoseNotListening, describeEnding, isAddressInUse, type Diagnosis } from './diagnose.js';
import { t, type Text } from '../i18n/text.js';
import { Program, TRUSTED, type Confinement, type PythonShimOptions } from '../process/program.js';
import { waitUntilListening } from '../process/readiness.js';
import type { Address } from '../process/command.js';
import type { LimitBreach, ResourceLimits } from '../process/limits.js';
import { Transcript } from '../transcript.js';
import { copyTree } from '../util/copy-tree.js';
import { TcpPeer } from '../net/tcp-peer.js';
import { TcpListener } from '../net/tcp-listener.js';
import { UdpPeer } from '../net/udp-peer.js';
import { RecordingProxy, type ProxyFaults } from '../net/recording-proxy.js';
import { UdpRelay, type RelayFaults } from '../net/udp-relay.js';
import { projectRoot } from '../paths.js';
import { sendCap } from '../net/faults/send-cap.js';
import { fail } from './failure.js';
import type { TcpPeer as AcceptedPeer } from '../net/tcp-peer.js';
import { isRedirectionLine } from '../python/events.js';
import { readCallSites } from '../python/sites.js';
import type { SiteContext } from './transcript-sites.js';
import type { BuildStep } from './build.js';
import { baselineCacheCounts, baselineCacheDir, baselineKey, readBaseline, writeBaseline, type PersistOptions } from './baseline-cache.js';

/** Bounds every wait uses; all in milliseconds. */
export interface Timeouts {
  /** From spawn until a server listens. */
  readonly startupMs: number;
  /** For an answer that a correct program sends at once. */
  readonly replyMs: number;
  /** For a program to end by itself when it should. */
  readonly exitMs: number;
  /** For a whole check. */
  readonly checkMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { startupMs: 5000, replyMs: 3000, exitMs: 3000, checkMs: 30_000 };

export type { Submission } from './submission.js';

/** Settings shared by every check of one grading run. */
export interface RunSettings {
  readonly exercise: Exercise;
  readonly submission: Submission;
  readonly timeouts: Timeouts;
  /** Rewrite hard-coded addresses in Python programs (on by default). */
  readonly redirect: boolean;
  /** What every learner program runs under. */
  readonly limits: ResourceLimits;
  readonly outputCapBytes?: number;
  /** Run learner programs under bubblewrap with a private filesystem view. */
  readonly sandbox: boolean;
  /** The submission's build, when it has one: every check then copies its built folder instead of the submission's. */
  readonly build?: BuildStep;
}

/** A server that is up and listening where the check can reach it. */
export interface RunningServer {
  readonly program: Program;
  readonly address: Address;
}

/** A file written into a program's run folder before it starts: content, or a function that writes it (large files, streamed). */
export type RunFile = string | Uint8Array | ((path: string) => void | Promise<void>);

export interface StartOptions {
  /** Each send() of a Python program sends at most this many bytes (the `send-cap` fault); sendall() is unaffected. */
  readonly maxSendBytes?: number;
  /** Transcript label; defaults to the role. Display only: it never changes how a program runs. */
  readonly label?: string;
  /** Files to put in the program's working folder (after the submission and the fixtures), by relative path. */
  readonly files?: Readonly<Record<string, RunFile>>;
}

/** A submission client that connected to a scripted server. */
export interface ConnectedClient {
  readonly program: Program;
  readonly listener: TcpListener;
  readonly peer: AcceptedPeer;
}

const HOST = '127.0.0.1';
/** How long an exited program's last output may take to be read after its exit is seen. */
const STDERR_SETTLE_MS = 500;
/** How long a connection completed before a client's exit may take to be accepted after the exit is seen. */
const ACCEPT_AFTER_EXIT_MS = 500;
const COPY_SKIP = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv']);

/** Copies a submission folder (without VCS data, caches and virtual environments) into `to`. */
export function copySubmission(from: string, to: string): void {
  copyTree(from, to, COPY_SKIP);
}

const baselines = new Map<BaselineScenario<unknown>, Promise<unknown>>();

/** A scenario run with reference programs only; see `CheckContext.baseline`. */
export interface BaselineScenario<T> {
  readonly name: string;
  compute(ctx: CheckContext): Promise<T>;
  /** Kept across runs (on disk), keyed by all the result depends on; see harness/check/baseline-cache.ts. */
  readonly persist?: PersistOptions<T>;
}

export interface BaselineOptions<T> {
  /**
   * Only for a scenario whose result never changes between runs (no time of day, no timing
   * that the result records): its result is then kept across runs.
   */
  readonly persist?: PersistOptions<T>;
}

/**
 * Declares a baseline scenario once, at module level: `const pair = defineBaseline('pair', async (ctx) => …)`,
 * or, kept across runs, `defineBaseline('pair', compute, { persist: { version: 1, module: import.meta.url, schema } })`.
 */
export function defineBaseline<T>(name: string, compute: (ctx: CheckContext) => Promise<T>, options: BaselineOptions<T> = {}): BaselineScenario<T> {
  return { name, compute, ...(options.persist ? { persist: options.persist } : {}) };
}

/** Forgets the baselines computed in this process (tests that compare the cache on and off). */
export function forgetBaselines(): void {
  baselines.clear();
}

/**
 * Programs started so far in this process, by interpreter (baselines included, which no report's
 * transcript shows). Read by the benchmark (test/bench) to spawn the same number of bare processes.
 */
export const startCounts = { python: 0, node: 0, other: 0 };
logStartsAtExit(startCounts);

function countStart(program: Program): void {
  if (program.pid === undefined) return;
  if (program.isPython) startCounts.python++;
  else if (program.argv[0] === process.execPath || /^node(\.exe)?$/.test(basename(program.argv[0] ?? ''))) startCounts.node++;
  else startCounts.other++;
}

export class CheckContext {
  readonly transcript = new Transcript();
  readonly notes: (string | Text)[] = [];
  readonly #programs: Program[] = [];
  readonly #closers: (() => void)[] = [];
  readonly #dirs: string[] = [];
  #peerCount = 0;
  /** A start-up diagnosis already said that the program waits for typed input. */
  #inputWaitTold = false;
  #eventsDir: string | undefined;
  #disposed = false;

  constructor(readonly settings: RunSettings, readonly check: Check) {}

  get timeouts(): Timeouts {
    return this.settings.timeouts;
  }

  get exercise(): Exercise {
    return this.settings.exercise;
  }

  /** Adds a remark to the result (shown in reports, not a failure). */
  note(text: string | Text): void {
    const english = typeof text === 'string' ? text : text.en;
    if (!this.notes.some((n) => (typeof n === 'string' ? n : n.en) === english)) this.notes.push(text);
  }

  /** Starts the submission's server on a fresh port and waits until it listens. */
  async startServer(options: StartOptions = {}): Promise<RunningServer> {
    const run = this.#submissionRun('server', options);
    return this.#startListening(async () => this.#prepareDir(run.withFiles, options.files), run.command, options.label ?? 'server', run.python, run.confinement);
  }

  /** Starts the reference server and waits until it listens. */
  startReferenceServer(options: Omit<StartOptions, 'maxSendBytes'> = {}): Promise<RunningServer> {
    return this.#startListening(async () => this.#prepareDir(false, options.files), referenceCommand(this.exercise, 'server'), options.label ?? 'reference server', undefined, TRUSTED);
  }

  /** Starts the submission's client, pointed at `target`. Its stdin stays open until you end it. */
  async startClient(target: Address, options: StartOptions = {}): Promise<Program> {
    const run = this.#submissionRun('client', options);
    const cwd = await this.#prepareDir(run.withFiles, options.files);
    return this.#spawn(run.command, cwd, target, options.label ?? 'client', run.python, run.confinement);
  }

  /** Starts the reference client, pointed at `target`. */
  async startReferenceClient(target: Address, options: Omit<StartOptions, 'maxSendBytes'> = {}): Promise<Program> {
    const cwd = await this.#prepareDir(false, options.files);
    return this.#spawn(referenceCommand(this.exercise, 'client'), cwd, target, options.label ?? 'reference client', undefined, TRUSTED);
  }

  /**
   * Starts one of our own tools (curl, a headless browser) pointed at `target`: trusted like a
   * reference, in a fresh folder, and ended with the check like every program it starts.
   * `{host}` and `{port}` in the command are filled in.
   * `const curl = await ctx.startTool('curl -sS http://{host}:{port}/', address, { label: 'curl' })`
   */
  async startTool(command: string, target: Address, options: { readonly label: string; readonly files?: StartOptions['files'] }): Promise<Program> {
    const cwd = await this.#prepareDir(false, options.files);
    return this.#spawn(command, cwd, target, options.label, undefined, TRUSTED);
  }

  /**
   * Starts the submission's client against a scripted server and waits for it to connect. A client
   * that ends first, or never connects, fails with a diagnosis (its traceback, an input() wait,
   * a connect elsewhere), so every client check says the same thing about a client that cannot start.
   * `const { program, peer } = await ctx.acceptClient()`
   */
  async acceptClient(options: StartOptions = {}): Promise<ConnectedClient> {
    const listener = await this.listen();
    const target = { host: listener.host, port: listener.port };
    const program = await this.startClient(target, options);
    const accepted = listener.accept(this.timeouts.startupMs);
    accepted.catch(() => {});
    const exited = program.waitExit(this.timeouts.startupMs);
    const first = await Promise.race([
      accepted.then(() => 'connected' as const, () => 'silent' as const),
      exited.then((exit) => (exit ? 'exited' : 'silent') as 'exited' | 'silent'),
    ]);
    // A client that connects and ends at once has still connected: the connection decides. The
    // kernel completed it before the exit, but the exit may reach us first: give the listener a
    // bounded moment to take it.
    const settled = first === 'exited' ? new Promise<undefined>((r) => setTimeout(() => r(undefined), ACCEPT_AFTER_EXIT_MS)) : Promise.resolve(undefined);
    const peer = first === 'connected' ? await accepted : await Promise.race([accepted.catch(() => undefined), settled]);
    if (peer) return { program, listener, peer };
    if (first === 'exited') await program.settle(STDERR_SETTLE_MS);
    const diagnosis = first === 'exited'
      ? diagnoseEarlyExit(program, 'client', BEFORE_CONNECTED)
      : await diagnoseNoConnection(program, target, this.timeouts.startupMs, this.settings.redirect && program.isPython);
    if (diagnosis.inputWait) this.#inputWaitTold = true;
    return fail(diagnosis.message, diagnosis.hint ? { hint: diagnosis.hint } : {});
  }

  /**
   * Starts the submission's build command in `dir` (the build folder, kept after the check),
   * under the limits and sandbox of every learner program.
   */
  async startBuild(command: string, dir: string): Promise<Program> {
    const confinement: Confinement = { kind: 'learner', limits: this.settings.limits, sandbox: this.settings.sandbox };
    return this.#spawn(command, dir, { host: HOST, port: 0 }, 'build', undefined, confinement);
  }

  /** Connects a scripted peer to `address`. */
  async connect(address: Address, counterpart = 'the server'): Promise<TcpPeer> {
    const peer = await TcpPeer.connect(address, { label: this.#nextPeerLabel(), counterpart, transcript: this.transcript }, this.timeouts.replyMs);
    this.#own(() => peer.dispose());
    return peer;
  }

  /** Listens for the submission's client as a scripted server. */
  async listen(): Promise<TcpListener> {
    const listener = await TcpListener.listen(this.transcript, 'peer', HOST);
    this.#own(() => listener.close());
    return listener;
  }

  /** Opens a scripted UDP peer. */
  async udp(counterpart = 'the server'): Promise<UdpPeer> {
    const peer = await UdpPeer.open(this.transcript, this.#nextPeerLabel(), counterpart);
    this.#own(() => peer.close());
    return peer;
  }

  /** A recording proxy in front of `target` (to compare what crosses the wire), applying `faults` per direction if given. */
  async proxy(target: Address, labels: { client: string; server: string }, faults: ProxyFaults = {}): Promise<RecordingProxy> {
    const proxy = await RecordingProxy.start(target, this.transcript, labels, faults);
    this.#own(() => proxy.close());
    return proxy;
  }

  /** A recording UDP relay in front of the UDP server at `target`, dropping, duplicating or reordering datagrams as `faults` say. */
  async udpRelay(target: Address, labels: { client: string; server: string }, faults: RelayFaults = {}): Promise<UdpRelay> {
    const relay = await UdpRelay.start(target, this.transcript, labels, faults);
    this.#own(() => relay.close());
    return relay;
  }

  /**
   * What the reference does in a scenario, computed once per process and shared by every check
   * and submission. Keyed by the scenario object itself, so two computations cannot share a key.
   * A scenario with `persist` is first looked up on disk (kept from an earlier run).
   */
  baseline<T>(scenario: BaselineScenario<T>): Promise<T> {
    let cached = baselines.get(scenario) as Promise<T> | undefined;
    if (!cached) {
      cached = this.#storedOrComputed(scenario);
      baselines.set(scenario, cached);
      // A failed run (a reference cut short twice is one) is not kept: the next check that needs
      // it, in this grading or for the next learner a batch worker grades, runs it afresh.
      cached.catch(() => baselines.delete(scenario));
    }
    return cached.catch((error: unknown) => {
      throw new Error(`the reference itself failed in scenario "${scenario.name}": ${(error as Error).message}`);
    });
  }

  /** A persisted scenario's stored result if there is one; else computed now (and stored if it may be). */
  async #storedOrComputed<T>(scenario: BaselineScenario<T>): Promise<T> {
    const dir = scenario.persist ? baselineCacheDir() : undefined;
    // A key that cannot be made (an unreadable fixture) is a miss like any other, never an error.
    const key = dir && scenario.persist ? await baselineKey(scenario.name, scenario.persist as PersistOptions<unknown>, this.exercise, import.meta.url).catch(() => undefined) : undefined;
    if (dir && key && scenario.persist) {
      const stored = await readBaseline(dir, key, scenario.name, scenario.persist.schema);
      if (stored !== undefined) {
        baselineCacheCounts.hits++;
        return stored;
      }
      baselineCacheCounts.misses++;
    }
    // A reference run cut short (a bound met on a loaded machine) is run once more. Twice cut
    // short, no check compares a learner's program with it: that would fail a right program
    // because the machine was busy. The checks err instead (sockgrade's failure), saying so.
    const settled = (value: T) => scenario.persist?.settled?.(value) ?? true;
    let value = await this.#compute(scenario);
    if (!settled(value)) value = await this.#compute(scenario);
    if (!settled(value)) throw new Error('the reference programs were cut short by their own bounds twice in a row (is the machine overloaded?); grade again');
    if (dir && key && scenario.persist) {
      if (await writeBaseline(dir, key, scenario.name, value)) baselineCacheCounts.stored++;
    }
    return value;
  }

  async #compute<T>(scenario: BaselineScenario<T>): Promise<T> {
    // Our own programs get at least the default bounds: a grading with short bounds (to fail a
    // silent program fast) must not cut the reference short and compare learners with half a run.
    const bounds = this.settings.timeouts;
    const timeouts: Timeouts = {
      startupMs: Math.max(bounds.startupMs, DEFAULT_TIMEOUTS.startupMs),
      replyMs: Math.max(bounds.replyMs, DEFAULT_TIMEOUTS.replyMs),
      exitMs: Math.max(bounds.exitMs, DEFAULT_TIMEOUTS.exitMs),
      checkMs: Math.max(bounds.checkMs, DEFAULT_TIMEOUTS.checkMs),
    };
    const ctx = new CheckContext({ ...this.settings, timeouts }, this.check);
    try {
      return await scenario.compute(ctx);
    } finally {
      await ctx.dispose();
    }
  }

  /**
   * Why the graded program did not act, when it is waiting for typed input that this check never
   * typed (the scenario expected it to act by itself). Checks whose program is right to wait for
   * typed input (`Check.waitsForTypedInput`) never get it.
   */
  async inputWait(): Promise<Diagnosis | undefined> {
    if (this.check.waitsForTypedInput || this.#inputWaitTold) return undefined;
    for (const program of this.#programs) {
      const role = program.options.python?.role;
      // A pair check grades both of the learner's programs: either may be the one waiting.
      if (!program.isLearners || role === undefined || (role !== this.check.role && this.check.role !== 'pair')) continue;
      const diagnosis = await diagnoseInputWait(program, role);
      if (diagnosis) return diagnosis;
    }
    return undefined;
  }

  /** Limits the submission's programs ran into during this check ("the server" + what it did). */
  async limitBreaches(graceMs = 0): Promise<{ readonly label: string; readonly breach: LimitBreach }[]> {
    // A program dying of a limit may not have been seen to exit, or had its last error output
    // read, when the check noticed that something was wrong: give it `graceMs` to finish dying.
    await Promise.all(this.#programs.filter((p) => p.isLearners && p.mayBeEnding()).map((p) => p.settle(p.hasExited ? 500 : graceMs)));
    return this.#programs.flatMap((p) => {
      const breach = p.limitBreach();
      return breach ? [{ label: p.options.label, breach }] : [];
    });
  }

  /** Ends every program, socket and folder this check created. Safe to call more than once. */
  async dispose(): Promise<void> {
    // A check abandoned at its time limit keeps running; whatever it starts from now on is refused.
    this.#disposed = true;
    for (const close of this.#closers.splice(0)) {
      try {
        close();
      } catch {
        // already closed
      }
    }
    await Promise.all(this.#programs.splice(0).map((p) => p.stop()));
    for (const dir of this.#dirs.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** Registers something to close at the end of the check; closes it now if the check has ended. */
  #own(close: () => void): void {
    if (!this.#disposed) {
      this.#closers.push(close);
      return;
    }
    try {
      close();
    } catch {
      // already closed
    }
  }

  #nextPeerLabel(): string {
    this.#peerCount++;
    return this.#peerCount === 1 ? 'peer' : `peer#${this.#peerCount}`;
  }

  /**
   * How the graded role runs: the learner's command under limits and sandbox, or (when the
   * reference grades itself) our program, trusted. A reference needs no copy of the folder it was
   * given (often a whole project: 2 s of the grader's CPU per echo grading).
   */
  #submissionRun(role: Role, options: StartOptions) {
    const program = this.settings.submission.commands[role];
    if (program === undefined) throw new Error(`no ${role} command was given, yet a ${role} check ran`);
    if (program.kind === 'reference') {
      return { command: referenceCommand(this.exercise, role), withFiles: false, python: undefined, confinement: TRUSTED };
    }
    const confinement: Confinement = { kind: 'learner', limits: this.settings.limits, sandbox: this.settings.sandbox };
    return { command: program.command, withFiles: true, python: this.#pythonOptions(role, options), confinement };
  }

  #pythonOptions(role: Role, options: StartOptions): PythonShimOptions {
    if (!this.#eventsDir) {
      this.#eventsDir = mkdtempSync(join(tmpdir(), 'sockgrade-events-'));
      this.#dirs.push(this.#eventsDir);
    }
    return {
      role,
      redirect: this.settings.redirect,
      eventsFile: join(this.#eventsDir, `${role}-${this.#programs.length}.log`),
      ...(options.maxSendBytes ? { faults: [sendCap(options.maxSendBytes)] } : {}),
    };
  }

  /**
   * What the Python shim redirected during this check, one line per rewrite, without the port it
   * assigned (which differs per check): "bind ('192.168.247.1', 12345) → the address sockgrade assigned".
   */
  redirections(): Text[] {
    if (!this.#eventsDir || !existsSync(this.#eventsDir)) return [];
    const lines = readdirSync(this.#eventsDir).filter((f) => f.endsWith('.log')).flatMap((f) => readFileSync(join(this.#eventsDir!, f), 'utf8').split('\n'));
    const calls = [...new Set(lines.filter(isRedirectionLine).map((line) => line.replace(/ -> .*$/, '')))];
    return calls.map((call) => t(`${call} → the address sockgrade assigned`, `${call} → sockgrade 分配的地址`));
  }

  /**
   * The call sites of this check's learner programs (Python under the shim), read now: `dispose()`
   * removes the shim's files. `attachSites` marks the transcript with them.
   */
  siteContext(): SiteContext {
    const learners = this.#programs
      .filter((p) => p.isLearners && p.options.python?.eventsFile)
      .map((p) => ({ label: p.options.label, sites: readCallSites(p.options.python?.eventsFile) }));
    const onlyProgram = this.#programs.length === 1 ? learners[0] : undefined;
    return { programs: learners, protocol: this.exercise.protocol, ...(onlyProgram ? { onlyProgram } : {}) };
  }

  /** A fresh folder with the exercise's fixtures, the check's files and, for the submission, a copy of its files. */
  async #prepareDir(withSubmission: boolean, files: StartOptions['files']): Promise<string> {
    if (this.#disposed) throw new Error('the check has already ended');
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-'));
    this.#dirs.push(dir);
    if (withSubmission) copySubmission(this.settings.build?.dir ?? this.settings.submission.dir, dir);
    const fixturesDir = this.exercise.fixturesDir ?? join(projectRoot, 'exercises', 'fixtures', this.exercise.id);
    for (const fixture of this.exercise.fixtures) {
      cpSync(join(fixturesDir, fixture), join(dir, fixture), { recursive: true });
    }
    for (const [name, content] of Object.entries(files ?? {})) {
      const path = join(dir, name);
      if (!path.startsWith(dir + '/')) throw new Error(`run file ${name} is outside the run folder`);
      mkdirSync(dirname(path), { recursive: true });
      if (typeof content === 'function') await content(path);
      else writeFileSync(path, content);
    }
    return dir;
  }

  #spawn(command: string, cwd: string, address: Address, label: string, python: PythonShimOptions | undefined, confinement: Confinement): Program {
    if (this.#disposed) throw new Error('the check has already ended');
    const program = Program.start({
      label,
      command,
      cwd,
      address,
      transcript: this.transcript,
      confinement,
      ...(python ? { python } : {}),
      ...(this.settings.outputCapBytes ? { outputCapBytes: this.settings.outputCapBytes } : {}),
    });
    this.#programs.push(program);
    countStart(program);
    return program;
  }

  async #startListening(prepare: () => Promise<string>, command: string, label: string, python: PythonShimOptions | undefined, confinement: Confinement): Promise<RunningServer> {
    const protocol = this.exercise.protocol;
    const cwd = await prepare();
    // The kernel may hand our chosen port to someone else before the program binds it; retry then.
    for (let attempt = 1; ; attempt++) {
      const port = await getPort({ host: HOST });
      const address = { host: HOST, port };
      const program = this.#spawn(command, cwd, address, label, python, confinement);
      const ready = await waitUntilListening(program, { protocol, port, timeoutMs: this.timeouts.startupMs });
      if (ready.kind === 'listening') {
        this.transcript.add(label, 'listen', `${protocol === 'tcp' ? 'listening' : 'bound'} on ${ready.address}:${ready.port} after ${ready.afterMs} ms`);
        return { program, address };
      }
      // The exit can be seen before the last of its error output is read: the diagnosis needs it all.
      if (ready.kind === 'exited') await program.settle(STDERR_SETTLE_MS);
      if (ready.kind === 'exited' && isAddressInUse(program.stderr.text()) && attempt < 3) {
        this.transcript.add('harness', 'note', `port ${port} was taken before the program bound it; retrying on another port`);
        continue;
      }
      if (!program.isLearners) throw new Error(`the ${label} did not start: ${describeEnding(program)}`);
      const diagnosis = await diagnoseNotListening(ready, program, port, this.timeouts.startupMs, this.settings.redirect && program.isPython, protocol);
      if (diagnosis.inputWait) this.#inputWaitTold = true;
      throw new CheckFailure(diagnosis.message, diagnosis.hint ? { hint: diagnosis.hint } : {});
    }
  }

}
