// Everything a check may use, and the guarantee that everything it started ends with it.
import { cpSync, mkdtempSync, rmSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import getPort from 'get-port';
import type { Exercise } from '../../exercises/schema.js';
import type { Check, Role } from './types.js';
import { CheckFailure } from './failure.js';
import { diagnoseNotListening, describeEnding, isAddressInUse } from './diagnose.js';
import { Program, type PythonShimOptions } from '../process/program.js';
import { waitUntilListening } from '../process/readiness.js';
import type { Address } from '../process/command.js';
import type { LimitBreach, ResourceLimits } from '../process/limits.js';
import { Transcript } from '../transcript.js';
import { TcpPeer } from '../net/tcp-peer.js';
import { TcpListener } from '../net/tcp-listener.js';
import { UdpPeer } from '../net/udp-peer.js';
import { RecordingProxy } from '../net/recording-proxy.js';
import { distRoot, projectRoot } from '../paths.js';
import { isRedirectionLine } from '../python/events.js';

/** The learner's program: a folder and a command per role. */
export interface Submission {
  readonly dir: string;
  readonly commands: Partial<Record<Role, string>>;
}

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

/** Settings shared by every check of one grading run. */
export interface RunSettings {
  readonly exercise: Exercise;
  readonly submission: Submission;
  readonly timeouts: Timeouts;
  /** Rewrite hard-coded addresses in Python programs (on by default). */
  readonly redirect: boolean;
  readonly limits?: ResourceLimits;
  readonly outputCapBytes?: number;
  /** Run submission programs under bubblewrap with a private filesystem view. */
  readonly sandbox?: boolean;
}

/** A server that is up and listening where the check can reach it. */
export interface RunningServer {
  readonly program: Program;
  readonly address: Address;
}

export interface StartOptions {
  /** Python shim settings beyond address redirection (e.g. a cap on send()). */
  readonly maxSendBytes?: number;
  /** Transcript label; defaults to the role. */
  readonly label?: string;
}

const HOST = '127.0.0.1';
const COPY_SKIP = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv']);
const baselines = new Map<BaselineScenario<unknown>, Promise<unknown>>();

/** A scenario run with reference programs only; see `CheckContext.baseline`. */
export interface BaselineScenario<T> {
  readonly name: string;
  compute(ctx: CheckContext): Promise<T>;
}

/** Declares a baseline scenario once, at module level: `const pair = defineBaseline('pair', async (ctx) => …)`. */
export function defineBaseline<T>(name: string, compute: (ctx: CheckContext) => Promise<T>): BaselineScenario<T> {
  return { name, compute };
}

/**
 * Programs started so far in this process, by interpreter (baselines included, which no report's
 * transcript shows). Read by the benchmark (test/bench) to spawn the same number of bare processes.
 */
export const startCounts = { python: 0, node: 0, other: 0 };

function countStart(program: Program): void {
  if (program.pid === undefined) return;
  if (program.isPython) startCounts.python++;
  else if (program.argv[0] === process.execPath || /^node(\.exe)?$/.test(basename(program.argv[0] ?? ''))) startCounts.node++;
  else startCounts.other++;
}

/** Quotes a word for splitCommand (paths with spaces). */
function quoteWord(word: string): string {
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

export class CheckContext {
  readonly transcript = new Transcript();
  readonly notes: string[] = [];
  readonly #programs: Program[] = [];
  readonly #closers: (() => void)[] = [];
  readonly #dirs: string[] = [];
  #peerCount = 0;
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
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Starts the submission's server on a fresh port and waits until it listens. */
  async startServer(options: StartOptions = {}): Promise<RunningServer> {
    const command = this.#commandFor('server');
    return this.#startListening(() => this.#prepareDir(this.#usesSubmissionFiles('server')), command, options.label ?? 'server', this.#pythonOptions('server', options));
  }

  /** Starts the reference server and waits until it listens. */
  startReferenceServer(label = 'reference server'): Promise<RunningServer> {
    return this.#startListening(() => this.#prepareDir(false), this.#referenceCommand('server'), label, undefined);
  }

  /** Starts the submission's client, pointed at `target`. Its stdin stays open until you end it. */
  startClient(target: Address, options: StartOptions = {}): Program {
    const command = this.#commandFor('client');
    return this.#spawn(command, this.#prepareDir(this.#usesSubmissionFiles('client')), target, options.label ?? 'client', this.#pythonOptions('client', options));
  }

  /** Starts the reference client, pointed at `target`. */
  startReferenceClient(target: Address, label = 'reference client'): Program {
    return this.#spawn(this.#referenceCommand('client'), this.#prepareDir(false), target, label, undefined);
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

  /** A recording proxy in front of `target` (to compare what crosses the wire). */
  async proxy(target: Address, labels: { client: string; server: string }): Promise<RecordingProxy> {
    const proxy = await RecordingProxy.start(target, this.transcript, labels);
    this.#own(() => proxy.close());
    return proxy;
  }

  /**
   * What the reference does in a scenario, computed once per process and shared by every check
   * and submission. Keyed by the scenario object itself, so two computations cannot share a key.
   */
  baseline<T>(scenario: BaselineScenario<T>): Promise<T> {
    let cached = baselines.get(scenario) as Promise<T> | undefined;
    if (!cached) {
      const ctx = new CheckContext(this.settings, this.check);
      cached = scenario.compute(ctx).finally(() => ctx.dispose());
      cached.catch(() => baselines.delete(scenario));
      baselines.set(scenario, cached);
    }
    return cached.catch((error: unknown) => {
      throw new Error(`the reference itself failed in scenario "${scenario.name}": ${(error as Error).message}`);
    });
  }

  /** Limits the submission's programs ran into during this check ("the server" + what it did). */
  async limitBreaches(graceMs = 0): Promise<{ readonly label: string; readonly breach: LimitBreach }[]> {
    // A program dying of a limit may not have been seen to exit, or had its last error output
    // read, when the check noticed that something was wrong: give it `graceMs` to finish dying.
    await Promise.all(this.#programs.filter((p) => p.options.limits && p.mayBeEnding()).map((p) => p.settle(p.hasExited ? 500 : graceMs)));
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

  #commandFor(role: Role): string {
    const command = this.settings.submission.commands[role];
    if (command === undefined) throw new Error(`no ${role} command was given, yet a ${role} check ran`);
    return command === 'reference' ? this.#referenceCommand(role) : command;
  }

  /**
   * Whether the role runs the learner's files. `reference` needs none: copying the folder it was
   * given (often a whole project) cost 2 s of the grader's CPU per echo grading.
   */
  #usesSubmissionFiles(role: Role): boolean {
    return this.settings.submission.commands[role] !== 'reference';
  }

  #referenceCommand(role: Role): string {
    const spec = this.exercise.roles[role];
    if (!spec) throw new Error(`exercise ${this.exercise.id} has no ${role} role`);
    const script = join(distRoot, 'reference', spec.reference);
    if (!existsSync(script)) throw new Error(`the reference ${role} is not built (${script} is missing); run npm run build`);
    return `${quoteWord(process.execPath)} ${quoteWord(script)} --host {host} --port {port}`;
  }

  #isReferenceCommand(command: string): boolean {
    return (['server', 'client'] as const).some((role) => {
      try {
        return this.exercise.roles[role] !== undefined && command === this.#referenceCommand(role);
      } catch {
        return false;
      }
    });
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
      ...(options.maxSendBytes ? { maxSendBytes: options.maxSendBytes } : {}),
    };
  }

  /**
   * What the Python shim redirected during this check, one line per rewrite, without the port it
   * assigned (which differs per check): "bind ('192.168.247.1', 12345) → the address sockgrade assigned".
   */
  redirections(): string[] {
    if (!this.#eventsDir || !existsSync(this.#eventsDir)) return [];
    const lines = readdirSync(this.#eventsDir).flatMap((f) => readFileSync(join(this.#eventsDir!, f), 'utf8').split('\n'));
    return [...new Set(lines.filter(isRedirectionLine).map((line) => line.replace(/ -> .*$/, ' → the address sockgrade assigned')))];
  }

  /** A fresh folder with the exercise's fixtures and, for the submission, a copy of its files. */
  #prepareDir(withSubmission: boolean): string {
    if (this.#disposed) throw new Error('the check has already ended');
    const dir = mkdtempSync(join(tmpdir(), 'sockgrade-'));
    this.#dirs.push(dir);
    if (withSubmission) {
      cpSync(this.settings.submission.dir, dir, { recursive: true, filter: (src) => !COPY_SKIP.has(basename(src)) });
    }
    for (const fixture of this.exercise.fixtures) {
      cpSync(join(projectRoot, 'exercises', 'fixtures', this.exercise.id, fixture), join(dir, fixture), { recursive: true });
    }
    return dir;
  }

  #spawn(command: string, cwd: string, address: Address, label: string, python: PythonShimOptions | undefined): Program {
    if (this.#disposed) throw new Error('the check has already ended');
    // `--server reference` runs the reference under the role's own label: trust it by its command.
    const isReference = label.startsWith('reference') || this.#isReferenceCommand(command);
    const program = Program.start({
      label,
      command,
      cwd,
      address,
      transcript: this.transcript,
      ...(python ? { python } : {}),
      ...(this.settings.outputCapBytes ? { outputCapBytes: this.settings.outputCapBytes } : {}),
      ...(!isReference && this.settings.limits ? { limits: this.settings.limits } : {}),
      ...(!isReference && this.settings.sandbox ? { sandbox: true } : {}),
    });
    this.#programs.push(program);
    countStart(program);
    return program;
  }

  async #startListening(prepare: () => string, command: string, label: string, python: PythonShimOptions | undefined): Promise<RunningServer> {
    const protocol = this.exercise.protocol;
    const cwd = prepare();
    // The kernel may hand our chosen port to someone else before the program binds it; retry then.
    for (let attempt = 1; ; attempt++) {
      const port = await getPort({ host: HOST });
      const address = { host: HOST, port };
      const program = this.#spawn(command, cwd, address, label, python);
      const ready = await waitUntilListening(program, { protocol, port, timeoutMs: this.timeouts.startupMs });
      if (ready.kind === 'listening') {
        this.transcript.add(label, 'listen', `${protocol === 'tcp' ? 'listening' : 'bound'} on ${ready.address}:${ready.port} after ${ready.afterMs} ms`);
        return { program, address };
      }
      if (ready.kind === 'exited' && isAddressInUse(program.stderr.text()) && attempt < 3) {
        this.transcript.add('harness', 'note', `port ${port} was taken before the program bound it; retrying on another port`);
        continue;
      }
      if (label.startsWith('reference')) throw new Error(`the reference server did not start: ${describeEnding(program)}`);
      const diagnosis = diagnoseNotListening(ready, program, port, this.timeouts.startupMs, this.settings.redirect && program.isPython);
      throw new CheckFailure(diagnosis.message, diagnosis.hint ? { hint: diagnosis.hint } : {});
    }
  }

}
