// The speed targets (README § Performance), each a ratio over figures measured in the same run:
//  1. the reference over the whole catalogue, both roles, in one command (`grade --all`), timed
//     from outside, against (checks × one `node -e 0` start-up ÷ cores);
//  2. a correct learner submission of every exercise, graded by the CLI from outside, in under 1 s;
//  3. a batch of many correct echo submissions: CPU kept busy (checks per second over what the
//     cores allow, from the CPU each check cost — grader and programs).
// Everything runs as separate `sockgrade` processes, as users run it; CPU is read from the shell
// that waited for them (/proc/<sh>/stat cutime + cstime), so it covers every process they waited for.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../harness/paths.js';

const CLI = join(projectRoot, 'dist', 'harness', 'cli', 'main.js');
const CLOCK_TICKS = 100; // Linux USER_HZ: /proc times are in 1/100 s on every Linux build node runs on

export interface Timed {
  readonly wallMs: number;
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
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: options.cwd ?? projectRoot, stdio: ['ignore', 'pipe', 'ignore'] });
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
      resolve({ wallMs, cpuMs, code });
    });
  });
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

interface CatalogueTarget {
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
  readonly checks: number;
  readonly passed: number;
  readonly nodeStartMs: number;
  readonly cores: number;
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
    return { wallMs: run.wallMs, cpuMs: run.cpuMs, checks: checks.length, passed: checks.filter((c) => c.status === 'passed').length, nodeStartMs: start, cores, floorMs, ratio: run.wallMs / floorMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ExampleTarget {
  readonly example: string;
  readonly wallMs: number;
  readonly code: number | null;
}

/** Target 2: every bundled `*-correct` example graded by the CLI from outside (median of `repeat`). */
export async function correctExamplesTarget(repeat = 3): Promise<ExampleTarget[]> {
  const examples = readdirSync(join(projectRoot, 'examples')).filter((name) => name.endsWith('-correct')).sort();
  const out: ExampleTarget[] = [];
  for (const example of examples) {
    const runs: Timed[] = [];
    for (let i = 0; i < repeat; i++) runs.push(await timeCommand([process.execPath, CLI, 'grade', '--cwd', join(projectRoot, 'examples', example), '--quiet']));
    out.push({ example, wallMs: median(runs.map((r) => r.wallMs)), code: runs[0]!.code });
  }
  return out;
}

interface BatchTarget {
  readonly submissions: number;
  readonly checks: number;
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
  readonly cores: number;
  readonly checksPerSecond: number;
  /** cores ÷ (CPU per check): what the machine could do if no core ever waited */
  readonly allowedChecksPerSecond: number | undefined;
  /** the target is ≥ 0.9 */
  readonly efficiency: number | undefined;
}

/** Target 3: `sockgrade batch` over `n` copies of examples/echo-correct. */
export async function batchTarget(n: number, cores = availableParallelism(), extraArgs: readonly string[] = []): Promise<BatchTarget> {
  const root = mkdtempSync(join(tmpdir(), 'sockgrade-bench-batch-'));
  try {
    const learners = join(root, 'learners');
    mkdirSync(learners);
    for (let i = 0; i < n; i++) cpSync(join(projectRoot, 'examples', 'echo-correct'), join(learners, `learner-${String(i).padStart(3, '0')}`), { recursive: true });
    const json = join(root, 'all.json');
    const run = await timeCommand([process.execPath, CLI, 'batch', learners, '--json', json, '--quiet', '--report-only', ...extraArgs]);
    const data = JSON.parse(readFileSync(json, 'utf8')) as { reports: { checks: unknown[] }[] };
    const checks = data.reports.reduce((s, r) => s + r.checks.length, 0);
    const checksPerSecond = checks / (run.wallMs / 1000);
    const allowed = run.cpuMs ? cores / (run.cpuMs / 1000 / checks) : undefined;
    return { submissions: data.reports.length, checks, wallMs: run.wallMs, cpuMs: run.cpuMs, cores, checksPerSecond, allowedChecksPerSecond: allowed, efficiency: allowed ? checksPerSecond / allowed : undefined };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/** Runs the three targets and prints them; returns the figures for the bench's JSON. */
export async function runTargets(options: { batchSize: number; repeat: number }) {
  console.log('\ntargets (ratios over figures of this run)');
  const catalogue = await catalogueTarget();
  console.log(`  1. grade --all, reference, both roles: ${catalogue.passed}/${catalogue.checks} checks in ${fmt(catalogue.wallMs)}${catalogue.cpuMs ? ` (CPU ${fmt(catalogue.cpuMs)})` : ''}; node -e 0 ${fmt(catalogue.nodeStartMs)}; floor ${catalogue.checks} × ${fmt(catalogue.nodeStartMs)} ÷ ${catalogue.cores} = ${fmt(catalogue.floorMs)}; ×${catalogue.ratio.toFixed(2)} (target ≤ ×1.5)`);
  const examples = await correctExamplesTarget(options.repeat);
  for (const e of examples) console.log(`  2. ${e.example.padEnd(24)} ${fmt(e.wallMs).padStart(8)} from outside, exit ${e.code} (target < 1 s)`);
  const batch = await batchTarget(options.batchSize);
  console.log(`  3. batch of ${batch.submissions} echo-correct: ${batch.checks} checks in ${fmt(batch.wallMs)} = ${batch.checksPerSecond.toFixed(1)} checks/s; CPU ${batch.cpuMs ? fmt(batch.cpuMs) : '?'} → ${batch.allowedChecksPerSecond?.toFixed(1) ?? '?'} checks/s allowed by ${batch.cores} cores; ${batch.efficiency !== undefined ? `${(batch.efficiency * 100).toFixed(0)} %` : '?'} (target ≥ 90 %)`);
  return { catalogue, examples, batch };
}
