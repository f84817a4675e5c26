// The batch's grading workers: long-lived `sockgrade batch-worker` processes that grade learners
// one after another, each in a network namespace of its own where the machine allows it
// (`bwrap --unshare-net`). Learners in one namespace never overlap in time, so a learner's
// programs still cannot reach the programs of a learner graded at the same time; and a learner
// costs no node start-up, module loading or bwrap of its own.
//
// A worker that dies (a crash, a kill) takes only the learner it was grading, which gets the
// reason a `sockgrade grade` child would have given; the next learner gets a new worker. Workers
// end with the batch: each reads its stdin from the batch and leaves when that closes (a killed
// batch closes it too), and bubblewrap's --die-with-parent; their programs end with them.
import { spawn, type ChildProcess } from 'node:child_process';
import { namespacedEnvironment } from '../process/sandbox.js';
import { BATCH_CHILD_ENV } from './child.js';
import type { LearnerOutcome } from './outcome.js';
import { encodeMessage, lineReader, WorkerAnswerSchema, type WorkerAnswer } from './worker-protocol.js';

export type WorkerResult =
  | { readonly kind: 'outcome'; readonly outcome: LearnerOutcome; readonly worker: number }
  /** The worker could not grade (a crash, a kill): worth grading again on the next run. */
  | { readonly kind: 'failed'; readonly reason: string; readonly worker: number | undefined };

export interface WorkerPoolOptions {
  /** How to start sockgrade itself (node, its flags, its script): the worker is its `batch-worker` command. */
  readonly sockgrade: readonly string[];
  /** The batch's folder: requests name a learner's folder in it. */
  readonly root: string;
  /** The grading flags every learner gets (`grade`'s, without the command word and --cwd). */
  readonly gradeArgs: readonly string[];
  /** A network namespace per worker (bwrap), or the batch's own network. */
  readonly isolate: boolean;
}

export interface WorkerPool {
  /** Grades one learner on an idle worker, starting one if none is idle; call at most as many at once as workers are wanted. */
  grade(learner: string): Promise<WorkerResult>;
  /** The batch was interrupted: every worker leaves now, mid-learner too. */
  interrupt(): void;
  /** The batch is done: every worker leaves; resolves when all are gone. */
  close(): Promise<void>;
  /** Workers started so far (a node start-up each). */
  readonly started: number;
}

/** How long a worker told to leave may take before it is killed. */
const LEAVE_MS = 10_000;

/** What a `sockgrade grade` child's end would have said, word for word (the gradebook's reason). */
function failureReason(how: string, stderr: string): string {
  const last = stderr.trim().split('\n').pop()?.replace(/^sockgrade: /, '');
  return `sockgrade's grading process ${how}${last ? `: ${last}` : ''}`;
}

interface Pending {
  readonly learner: string;
  readonly resolve: (result: WorkerResult) => void;
}

class Worker {
  readonly child: ChildProcess;
  readonly gone: Promise<void>;
  #pending: Pending | undefined;
  /** The stderr since the last answer: the last line names what went wrong when the worker dies. */
  #stderr = '';
  #exited = false;

  constructor(argv: readonly string[], env: NodeJS.ProcessEnv, private readonly onGone: (worker: Worker) => void) {
    this.child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.child.stdin!.on('error', () => {});
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4096);
    });
    this.child.stdout!.setEncoding('utf8').on('data', lineReader((line) => this.#answer(line)));
    this.gone = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.#end(`could not start (${error.message})`);
        resolve();
      });
      this.child.once('close', (code, signal) => {
        this.#end(signal ? `was killed by ${signal}` : `exited with ${code}`);
        resolve();
      });
    });
  }

  get alive(): boolean {
    return !this.#exited;
  }

  grade(learner: string): Promise<WorkerResult> {
    if (this.#exited) return Promise.resolve({ kind: 'failed', reason: failureReason('had ended', this.#stderr), worker: this.child.pid });
    return new Promise((resolve) => {
      this.#pending = { learner, resolve };
      this.child.stdin!.write(encodeMessage({ type: 'grade', learner }));
    });
  }

  #answer(line: string): void {
    let answer: WorkerAnswer | undefined;
    try {
      answer = WorkerAnswerSchema.parse(JSON.parse(line));
    } catch {
      answer = undefined;
    }
    const pending = this.#pending;
    if (!answer || !pending || answer.learner !== pending.learner) {
      // Not an answer to what was asked: the worker is broken. It leaves, and the learner is told why.
      this.#stderr += `\nsockgrade: the grading worker sent an answer the batch cannot use\n`;
      this.child.kill('SIGKILL');
      return;
    }
    this.#pending = undefined;
    this.#stderr = '';
    const worker = this.child.pid!;
    pending.resolve(answer.type === 'graded'
      ? { kind: 'outcome', outcome: answer.outcome, worker }
      : { kind: 'failed', reason: failureReason(`exited with ${answer.code}`, answer.stderr), worker });
  }

  #end(how: string): void {
    if (this.#exited) return;
    this.#exited = true;
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.resolve({ kind: 'failed', reason: failureReason(how, this.#stderr), worker: this.child.pid });
    this.onGone(this);
  }

  /** Leave: the worker exits once its stdin ends (at once, when grading); killed if it lingers. */
  leave(): Promise<void> {
    this.child.stdin!.destroy();
    if (this.#exited) return this.gone;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), LEAVE_MS);
    return this.gone.finally(() => clearTimeout(timer));
  }
}

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const argv = [
    ...(options.isolate ? ['bwrap', '--dev-bind', '/', '/', '--unshare-net', '--die-with-parent', '--'] : []),
    ...options.sockgrade, 'batch-worker', options.root, ...options.gradeArgs,
  ];
  const env: NodeJS.ProcessEnv = { ...(options.isolate ? namespacedEnvironment(process.env) : process.env), [BATCH_CHILD_ENV]: '1' };
  // The batch writes its own CI summary; a worker must not add one per learner.
  delete env.GITHUB_ACTIONS;
  const all = new Set<Worker>();
  const idle: Worker[] = [];
  let started = 0;
  let closed = false;
  const forget = (worker: Worker) => {
    all.delete(worker);
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  };

  return {
    get started() {
      return started;
    },
    async grade(learner) {
      if (closed) return { kind: 'failed', reason: failureReason('was not started: the batch is ending', ''), worker: undefined };
      let worker = idle.pop();
      if (!worker) {
        worker = new Worker(argv, env, forget);
        all.add(worker);
        started++;
      }
      const result = await worker.grade(learner);
      if (worker.alive && !closed) idle.push(worker);
      return result;
    },
    interrupt() {
      closed = true;
      for (const worker of all) void worker.leave();
    },
    async close() {
      closed = true;
      await Promise.all([...all].map((worker) => worker.leave()));
    },
  };
}
