// The speed targets (README § Performance), each a ratio over figures measured in the same run:
//  1. the reference over the whole catalogue, both roles, in one command (`grade --all`), timed
//     from outside, against (checks × one `node -e 0` start-up ÷ cores);
//  2. a correct learner submission of every exercise, graded by the CLI from outside, in under 1 s;
//  3. a batch of many correct echo submissions: CPU kept busy (checks per second over what the
//     cores allow, from the CPU each check cost — grader and programs).
// Everything runs as separate `sockgrade` processes, as users run it; CPU is read from the shell
// that waited for them (/proc/<sh>/stat cutime + cstime), so it covers every process they waited for.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../harness/paths.js';
import { CLI } from '../helpers/cli.js';
import { builtInExercises as exercises } from '../../exercises/index.js';
import { resolveInterpreter } from '../../harness/process/command.js';

const CLOCK_TICKS = 100; // Linux USER_HZ: /proc times are in 1/100 s on every Linux build node runs on

/** Processes a command started, by kind, from the start log every sockgrade process appends to. */
export interface Starts {
  /** sockgrade processes: the command, its re-run inside the network namespace, a batch's children */
  readonly sockgrade: number;
  readonly python: number;
  /** reference programs (and any node a submission runs) */
  readonly node: number;
  readonly other: number;
}

function readStartLog(file: string): Starts {
  const starts = { sockgrade: 0, python: 0, node: 0, other: 0 };
  if (!existsSync(file)) return starts;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const entry = JSON.parse(line) as Partial<Record<keyof Starts, number>>;
    if (entry.sockgrade !== undefined) starts.sockgrade++;
    starts.python += entry.python ?? 0;
    starts.node += entry.node ?? 0;
    starts.other += entry.other ?? 0;
  }
  return starts;
}

export const formatStarts = (s: Starts) => `${s.sockgrade} sockgrade + ${s.python} python + ${s.node} node${s.other ? ` + ${s.other} other` : ''} start-ups`;

export interface Timed {
  readonly wallMs: number;
  readonly starts: Starts;
  /** CPU of the command and every process it waited for; undefined where /proc is missing. */
  readonly cpuMs: number | undefined;
  readonly code: number | null;
}

/** Runs argv, discarding its output, and measures wall time and (on Linux) its total CPU. */
export function timeCommand(argv: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<Timed> {
  const linux = process.platform === 'linux' && existsSync('/proc/self/stat');
  // The shell waits for the command, then prints its own children's CPU (fields 16 and 17).
  const [cmd, args] = linux
    ? ['sh', ['-c', '"$@" >/dev/null 2>&1; code=$?; cat /proc/$$/stat; exit $code', 'sh', ...argv]]
    : [argv[0]!, argv.slice(1)];
  const logDir = mkdtempSync(join(tmpdir(), 'sockgrade-starts-'));
  const startLog = join(logDir, 'starts.jsonl');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: options.cwd ?? projectRoot, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, SOCKGRADE_START_LOG: startLog } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      const fields = out.slice(out.lastIndexOf(')') + 2).trim().split(/\s+/);
      // After "pid (comm) ": field 3 is index 0, so cutime (16) and cstime (17) are indexes 13, 14.
      const cpuMs = linux && fields.length > 14 ? ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS : undefined;
      const starts = readStartLog(startLog);
      rmSync(logDir, { recursive: true, force: true });
      resolve({ wallMs, cpuMs, code, starts });
    });
  });
}

/** The machine's CPU time, busy and idle (iowait counted idle), from /proc/stat, in ticks. */
export function machineTicks(): { busy: number; idle: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3]! + f[4]!;
  return { busy: f.slice(0, 8).reduce((a, b) => a + b, 0) - idle, idle };
}

/** The share of the machine's CPU time that was busy between two readings. */
export function busyShare(from: { busy: number; idle: number }, to: { busy: number; idle: number }): number {
  const busy = to.busy - from.busy;
  return busy / (busy + to.idle - from.idle);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One node start-up, as the harness starts reference programs: the median of `n` in a row. */
export async function nodeStartMs(n = 9): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await timeCommand([process.execPath, '-e', '0'])).wallMs);
  return median(times);
}

/** One Python start-up, the interpreter resolved as the harness resolves it (past a pyenv shim): the median of `n`. */
export async function pythonStartMs(n = 9): Promise<number> {
  const argv = resolveInterpreter(['python3', '-c', 'pass']);
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await timeCommand(argv)).wallMs);
  return median(times);
}

interface CatalogueTarget {
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
  readonly checks: number;
  readonly passed: number;
  readonly nodeStartMs: number;
  readonly cores: number;
  readonly starts: Starts;
  /** checks × node start-up ÷ cores */
  readonly floorMs: number;
  /** wall ÷ floor; the target is ≤ 1.5 */
  readonly ratio: number;
}

/** Target 1: `grade --all --server reference --client reference`, timed from outside. */
export async function catalogueTarget(cores = availableParallelism()): Promise<CatalogueTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-bench-all-'));
  try {
    const json = join(dir, 'all.json');
    const before = await nodeStartMs();
    const run = await timeCommand([process.execPath, CLI, 'grade', '--all', '--server', 'reference', '--client', 'reference', '--json', json, '--quiet']);
    const after = await nodeStartMs();
    const data = JSON.parse(readFileSync(json, 'utf8')) as { reports: { checks: { status: string }[] }[] };
    const checks = data.reports.flatMap((r) => r.checks);
    const start = (before + after) / 2;
    const floorMs = (checks.length * start) / cores;
    return { wallMs: run.wallMs, cpuMs: run.cpuMs, checks: checks.length, passed: checks.filter((c) => c.status === 'passed').length, nodeStartMs: start, cores, starts: run.starts, floorMs, ratio: run.wallMs / floorMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ExampleTarget {
  readonly exercise: string;
  /** what was graded: a bundled example, or the exercise's right programs under test/fixtures */
  readonly submission: string;
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
  readonly code: number | null;
  readonly starts: Starts;
}

/**
 * A correct submission of every exercise: its bundled `<id>-correct` example, or (for exercises
 * whose examples are all tutorial-style, with the tutorial's bugs) its right programs under
 * test/fixtures/<id>/ (server-good.py, client-good.py), both roles.
 */
function correctSubmissions(): { exercise: string; submission: string; argv: string[] }[] {
  return exercises.map((exercise) => {
    const example = join(projectRoot, 'examples', `${exercise.id}-correct`);
    if (existsSync(example)) return { exercise: exercise.id, submission: `examples/${exercise.id}-correct`, argv: ['--cwd', example] };
    const fixtures = join(projectRoot, 'test', 'fixtures', exercise.id);
    const roles = (['server', 'client'] as const).filter((role) => exercise.roles[role] && existsSync(join(fixtures, `${role}-good.py`)));
    return {
      exercise: exercise.id,
      submission: `test/fixtures/${exercise.id}/{${roles.map((r) => `${r}-good.py`).join(',')}}`,
      argv: [exercise.id, '--cwd', fixtures, ...roles.flatMap((role) => [`--${role}`, `python3 ${role}-good.py`])],
    };
  });
}

/** Target 2: a correct submission of every exercise graded by the CLI from outside (median of `repeat`). */
export async function correctExamplesTarget(repeat = 3): Promise<ExampleTarget[]> {
  const out: ExampleTarget[] = [];
  for (const { exercise, submission, argv } of correctSubmissions()) {
    const runs: Timed[] = [];
    for (let i = 0; i < repeat; i++) runs.push(await timeCommand([process.execPath, CLI, 'grade', ...argv, '--quiet']));
    const middle = [...runs].sort((x, y) => x.wallMs - y.wallMs)[Math.floor(runs.length / 2)]!;
    out.push({ exercise, submission, wallMs: middle.wallMs, cpuMs: middle.cpuMs, code: middle.code, starts: middle.starts });
  }
  return out;
}

interface BatchTarget {
  readonly submissions: number;
  readonly checks: number;
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
  readonly cores: number;
  readonly starts: Starts;
  readonly checksPerSecond: number;
  /** cores ÷ (CPU per check): what the machine could do if no core ever waited */
  readonly allowedChecksPerSecond: number | undefined;
  /** the target is ≥ 0.9; from the CPU charged to the processes the batch waited for */
  readonly efficiency: number | undefined;
  /** The share of the machine's CPU that was busy during the run, by anyone (/proc/stat). */
  readonly machineBusy: number;
  /** The same over the 2 s before the run: what else was using the machine. */
  readonly backgroundBusy: number;
}

/** A class of `n` learners under `root`/learners, each a copy of examples/echo-correct; returns that folder. */
export function makeEchoClass(root: string, n: number): string {
  const learners = join(root, 'learners');
  mkdirSync(learners);
  for (let i = 0; i < n; i++) cpSync(join(projectRoot, 'examples', 'echo-correct'), join(learners, `learner-${String(i).padStart(3, '0')}`), { recursive: true });
  return learners;
}

/** Target 3: `sockgrade batch` over `n` copies of examples/echo-correct. */
export async function batchTarget(n: number, cores = availableParallelism(), extraArgs: readonly string[] = []): Promise<BatchTarget> {
  const root = mkdtempSync(join(tmpdir(), 'sockgrade-bench-batch-'));
  try {
    const learners = makeEchoClass(root, n);
    const json = join(root, 'all.json');
    const quiet0 = machineTicks();
    await new Promise((r) => setTimeout(r, 2000));
    const machine0 = machineTicks();
    const run = await timeCommand([process.execPath, CLI, 'batch', learners, '--json', json, '--quiet', '--report-only', ...extraArgs]);
    const machine1 = machineTicks();
    const data = JSON.parse(readFileSync(json, 'utf8')) as { reports: { checks: unknown[] }[] };
    const checks = data.reports.reduce((s, r) => s + r.checks.length, 0);
    const checksPerSecond = checks / (run.wallMs / 1000);
    const allowed = run.cpuMs ? cores / (run.cpuMs / 1000 / checks) : undefined;
    return { submissions: data.reports.length, checks, wallMs: run.wallMs, cpuMs: run.cpuMs, cores, starts: run.starts, checksPerSecond, allowedChecksPerSecond: allowed, efficiency: allowed ? checksPerSecond / allowed : undefined, machineBusy: busyShare(machine0, machine1), backgroundBusy: busyShare(quiet0, machine0) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/** Runs the three targets and prints them; returns the figures for the bench's JSON. */
export async function runTargets(options: { batchSize: number; repeat: number }) {
  console.log('\ntargets (ratios over figures of this run)');
  const catalogue = await catalogueTarget();
  console.log(`  1. grade --all, reference, both roles: ${catalogue.passed}/${catalogue.checks} checks in ${fmt(catalogue.wallMs)} (${formatStarts(catalogue.starts)})${catalogue.cpuMs ? ` (CPU ${fmt(catalogue.cpuMs)})` : ''}; node -e 0 ${fmt(catalogue.nodeStartMs)}; floor ${catalogue.checks} × ${fmt(catalogue.nodeStartMs)} ÷ ${catalogue.cores} = ${fmt(catalogue.floorMs)}; ×${catalogue.ratio.toFixed(2)} (target ≤ ×1.5)`);
  const examples = await correctExamplesTarget(options.repeat);
  const pythonMs = await pythonStartMs();
  for (const e of examples) {
    // What start-ups alone would cost: the sockgrade processes one after another, the programs spread over the cores.
    const floor = e.starts.sockgrade * catalogue.nodeStartMs + (e.starts.python * pythonMs + e.starts.node * catalogue.nodeStartMs) / catalogue.cores;
    console.log(`  2. ${e.exercise.padEnd(15)} ${fmt(e.wallMs).padStart(8)} from outside${e.cpuMs ? ` (CPU ${fmt(e.cpuMs)})` : ''}, exit ${e.code}; ${formatStarts(e.starts)}; start-up floor ${fmt(floor)}, ×${(e.wallMs / floor).toFixed(2)} (target < 1 s)  ${e.submission}`);
  }
  const batch = await batchTarget(options.batchSize);
  console.log(`  3. batch of ${batch.submissions} echo-correct: ${batch.checks} checks in ${fmt(batch.wallMs)} (${formatStarts(batch.starts)}) = ${batch.checksPerSecond.toFixed(1)} checks/s; CPU ${batch.cpuMs ? fmt(batch.cpuMs) : '?'} → ${batch.allowedChecksPerSecond?.toFixed(1) ?? '?'} checks/s allowed by ${batch.cores} cores; ${batch.efficiency !== undefined ? `${(batch.efficiency * 100).toFixed(0)} %` : '?'} of that CPU (target ≥ 90 %)`);
  // The CPU charged to the processes the batch waited for misses what no one waits for (programs
  // killed inside their PID namespace, reaped by none) and the kernel's loopback work: on a quiet
  // machine, the cores' busy share during the run is the batch's, all of it counted.
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  const batchBusy = Math.max(0, batch.machineBusy - batch.backgroundBusy);
  const cpuPerCheck = (batch.cores * batch.wallMs * batchBusy) / batch.checks;
  console.log(`     all the machine's CPU counted (busy ${pct(batch.machineBusy)} during the run, ${pct(batch.backgroundBusy)} in the 2 s before it): ${cpuPerCheck.toFixed(0)} ms per check → ${(batch.cores / (cpuPerCheck / 1000)).toFixed(1)} checks/s allowed; ${pct(batch.checksPerSecond / (batch.cores / (cpuPerCheck / 1000)))} (target ≥ 90 %)`);
  return { catalogue, examples, pythonStartMs: pythonMs, batch };
}
