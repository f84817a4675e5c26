// `npm run bench`: what grading costs next to the processes it must start and the waits the
// scenarios prescribe. Everything is measured in the same run, so the ratios hold on a quiet and
// on a loaded machine alike. Figures go to bench-results/ (git-ignored) to compare over time.
//
//   node dist/test/bench/bench.js [--repeat 3] [--workers N] [--out DIR] [--quick]
//
// What is measured (README § Performance):
// - harness wall time over the floor, per submission, at 1 and at N workers. The floor is the bare
//   start-ups the grading needed (as many `python3 -c pass` / `node -e 0` as it started programs,
//   resolved like the harness resolves them and through the same containment prefix; at 1 worker
//   one after another, at N workers N at a time) plus the prescribed waits (timers of >= 10 ms that
//   ran to the end: busy-loop sampling windows, fallback gaps, bounds a failing program exhausts);
// - checks per second at 1 and at N workers;
// - the grader's own peak RSS while it runs the largest transfer (checks tagged `oversize`);
// - time to a verdict for a server that never listens and one that listens but never reads.
import { checksOf, builtInExercises as exercises } from '../../exercises/index.js';
import { createSubmission } from '../../harness/check/submission.js';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Exercise } from '../../exercises/schema.js';
import { startCounts } from '../../harness/check/context.js';
import { defaultWorkers, gradeSubmission, type GradeOptions, type GradeReport } from '../../harness/check/runner.js';
import type { Check, Role } from '../../harness/check/types.js';
import { readManifest } from '../../harness/cli/manifest.js';
import { resolveInterpreter } from '../../harness/process/command.js';
import { detectContainment } from '../../harness/process/containment.js';
import { projectRoot } from '../../harness/paths.js';
import { CLI } from '../helpers/cli.js';
import { findLeftoverProcesses } from '../helpers/grade.js';
import { runTargets } from './targets.js';

// ---------------------------------------------------------------------------------------------
// Prescribed waits: every timer of >= 10 ms that runs to the end is time the scenario (or a bound)
// asks for, not harness overhead. Readiness and consumption polls (1-5 ms) are overhead, so they
// stay below the threshold. Counted as the union of [set, set + delay] intervals.

const PRESCRIBED_MIN_MS = 10;
const firedWaits: [number, number][] = [];
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const delay = ms ?? 0;
  if (delay < PRESCRIBED_MIN_MS || typeof callback !== 'function') return realSetTimeout(callback, ms, ...args);
  const setAt = performance.now();
  return realSetTimeout((...a: unknown[]) => {
    firedWaits.push([setAt, setAt + delay]);
    callback(...a);
  }, delay, ...args);
}) as typeof setTimeout;

function prescribedWaitMs(from: number, to: number): number {
  const spans = firedWaits
    .filter(([s]) => s >= from && s <= to)
    .map(([s, e]) => [s, Math.min(e, to)] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of spans) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// The floor: bare start-ups, resolved and contained like the harness's.

const containmentPrefix = detectContainment().prefix;
const bareArgv = {
  python: () => [...containmentPrefix, ...resolveInterpreter(['python3', '-c', 'pass'])],
  node: () => [...containmentPrefix, process.execPath, '-e', '0'],
};

function startBare(argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const timer = realSetTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bare start-up ${argv.join(' ')} took more than 30 s`));
    }, 30_000);
    child.stdout.resume();
    child.stderr.resume();
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

type Starts = { python: number; node: number; other: number };

/** Wall time of the same start-ups as bare processes, `concurrency` at a time. */
async function measureStarts(starts: Starts, concurrency: number): Promise<number> {
  // Other interpreters are rare and unknown here; a bare Python start stands in for them.
  const queue: string[][] = [
    ...Array.from({ length: starts.python + starts.other }, () => bareArgv.python()),
    ...Array.from({ length: starts.node }, () => bareArgv.node()),
  ];
  const t0 = performance.now();
  const lanes = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let argv = queue.shift(); argv; argv = queue.shift()) await startBare(argv);
  });
  await Promise.all(lanes);
  return performance.now() - t0;
}

// ---------------------------------------------------------------------------------------------
// Submissions: the reference and every bundled example, per exercise in the catalogue.

interface Submission {
  readonly name: string;
  readonly exercise: Exercise;
  readonly dir: string;
  readonly commands: Partial<Record<Role, string>>;
}

function submissionsFor(exercise: Exercise): Submission[] {
  const roles = (['server', 'client'] as const).filter((r) => exercise.roles[r]);
  const reference: Submission = {
    name: `${exercise.id}/reference`,
    exercise,
    dir: projectRoot,
    commands: Object.fromEntries(roles.map((r) => [r, 'reference'])),
  };
  const examplesDir = join(projectRoot, 'examples');
  const examples = existsSync(examplesDir) ? readdirSync(examplesDir).sort() : [];
  const bundled = examples.flatMap((name): Submission[] => {
    const dir = join(examplesDir, name);
    const manifest = existsSync(join(dir, 'sockgrade.json')) ? readManifest(dir) : undefined;
    if (!manifest || manifest.exercise !== exercise.id) return [];
    const commands: Partial<Record<Role, string>> = {
      ...(manifest.server ? { server: manifest.server } : {}),
      ...(manifest.client ? { client: manifest.client } : {}),
    };
    return [{ name: `${exercise.id}/${name}`, exercise, dir, commands }];
  });
  return [reference, ...bundled];
}

function checksFor(submission: Submission): readonly Check[] {
  const roles = (['server', 'client'] as const).filter((r) => submission.commands[r] !== undefined);
  return checksOf(submission.exercise, roles);
}

// ---------------------------------------------------------------------------------------------
// One measured grading.

interface GradingRun {
  readonly submission: string;
  readonly workers: number;
  readonly wallMs: number;
  readonly checks: number;
  readonly passed: number;
  readonly statuses: Record<string, string>;
  readonly starts: Starts;
  readonly prescribedWaitMs: number;
  readonly bareStartsMs: number;
  readonly floorMs: number;
  readonly ratio: number;
  readonly harnessCpuMs: number;
}

async function grade(submission: Submission, options: GradeOptions, checks = checksFor(submission)): Promise<{ report: GradeReport; wallMs: number; starts: Starts; waitMs: number; cpuMs: number }> {
  const before = { ...startCounts };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await gradeSubmission(submission.exercise, checks, createSubmission(submission.dir, submission.commands), options);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const starts = { python: startCounts.python - before.python, node: startCounts.node - before.node, other: startCounts.other - before.other };
  return { report, wallMs: t1 - t0, starts, waitMs: prescribedWaitMs(t0, t1), cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function measureGrading(submission: Submission, workers: number, sequentialWaitMs?: number): Promise<GradingRun> {
  const { report, wallMs, starts, waitMs, cpuMs } = await grade(submission, { workers });
  const bareStartsMs = await measureStarts(starts, workers);
  // At N workers the prescribed waits could at best spread evenly over the workers.
  const waits = workers === 1 ? waitMs : (sequentialWaitMs ?? waitMs) / workers;
  const floorMs = bareStartsMs + waits;
  return {
    submission: submission.name,
    workers,
    wallMs,
    checks: report.checks.length,
    passed: report.checks.filter((c) => c.status === 'passed').length,
    statuses: Object.fromEntries(report.checks.map((c) => [c.id, c.status])),
    starts,
    prescribedWaitMs: waitMs,
    bareStartsMs,
    floorMs,
    ratio: wallMs / floorMs,
    harnessCpuMs: cpuMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Peak memory of the grader during the largest transfer.

async function measurePeakMemory(submission: Submission): Promise<{ checks: string[]; rssBeforeMiB: number; peakRssMiB: number; wallMs: number } | undefined> {
  const checks = checksFor(submission).filter((c) => c.tags.includes('oversize'));
  if (checks.length === 0) return undefined;
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  try {
    const { wallMs } = await grade(submission, { workers: 1 }, checks);
    return { checks: checks.map((c) => c.id), rssBeforeMiB: rssBefore / 2 ** 20, peakRssMiB: Math.max(peak, process.memoryUsage.rss()) / 2 ** 20, wallMs };
  } finally {
    clearInterval(sampler);
  }
}

// ---------------------------------------------------------------------------------------------
// Time to a verdict for programs that never answer: the bound, not more.

interface VerdictTiming {
  readonly program: string;
  readonly check: string;
  readonly status: string;
  readonly measuredMs: number;
  readonly boundMs: number;
  readonly overMs: number;
  readonly message: string;
}

const SILENT_TIMEOUTS = { startupMs: 2000, replyMs: 1000, exitMs: 1000, checkMs: 15_000 };

async function measureSilentPrograms(exercise: Exercise, workers: number): Promise<VerdictTiming[]> {
  if (!exercise.roles.server || exercise.protocol !== 'tcp') return [];
  const dir = join(projectRoot, 'test', 'bench', 'programs');
  const out: VerdictTiming[] = [];
  // Checks with their own bound (e.g. a 20 s transfer) are left out: they would only show that bound.
  const checks = checksOf(exercise, ['server']).filter((c) => c.timeoutMs === undefined);
  for (const program of ['server-never-listens.py', 'server-never-reads.py']) {
    const submission: Submission = { name: program, exercise, dir, commands: { server: `python3 ${program}` } };
    const { report } = await grade(submission, { workers, timeouts: SILENT_TIMEOUTS }, checks);
    for (const check of report.checks) {
      if (check.status === 'skipped') continue;
      const listen = check.transcript.find((e) => e.kind === 'listen' && e.actor === 'server');
      const spawned = check.transcript.find((e) => e.kind === 'spawn' && e.actor === 'server');
      // Never listens: the start-up bound from the spawn. Listens: one reply bound from listening.
      const boundMs = listen ? listen.at + SILENT_TIMEOUTS.replyMs : (spawned?.at ?? 0) + SILENT_TIMEOUTS.startupMs;
      out.push({ program, check: check.id, status: check.status, measuredMs: check.durationMs, boundMs, overMs: check.durationMs - boundMs, message: check.message.slice(0, 120) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The CLI end to end, once: what a learner waits for after typing the command.

function timeCli(submission: Submission): Promise<number> {
  const args = [CLI, 'grade', submission.exercise.id, '--cwd', submission.dir, '--quiet'];
  for (const [role, command] of Object.entries(submission.commands)) args.push(`--${role}`, command);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    const timer = realSetTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(performance.now() - t0);
    });
  });
}

// ---------------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const pad = (s: string | number, n: number) => String(s).padStart(n);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repeat: { type: 'string', default: '3' },
      workers: { type: 'string' },
      out: { type: 'string', default: join(projectRoot, 'bench-results') },
      quick: { type: 'boolean', default: false },
      targets: { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '100' },
    },
  });
  const repeat = Math.max(1, Number(values.repeat));
  const n = values.workers ? Math.max(1, Number(values.workers)) : defaultWorkers();
  const load0 = loadavg();
  const started = new Date();
  console.log(`sockgrade bench · ${cpus().length} CPUs (${availableParallelism()} available), load ${load0.map((l) => l.toFixed(2)).join(' ')}, ${repeat} repetition(s), N = ${n}`);
  console.log(`containment: ${detectContainment().mode}; python3 → ${resolveInterpreter(['python3'])[0]}`);

  // --targets: only the three speed targets (each a separate sockgrade command, timed from outside).
  const targets = await runTargets({ batchSize: Math.max(1, Number(values['batch-size'])), repeat: values.targets ? repeat : 1 });
  if (values.targets) {
    mkdirSync(values.out, { recursive: true });
    writeFileSync(join(values.out, 'targets-latest.json'), `${JSON.stringify({ startedAt: started.toISOString(), load: [load0, loadavg()], ...targets }, null, 2)}\n`);
    return;
  }

  const perExercise: Record<string, unknown>[] = [];
  const runs: GradingRun[] = [];
  for (const exercise of exercises) {
    const submissions = submissionsFor(exercise);
    // Cold: the first grading in this process pays for interpreter resolution and baselines.
    const cold = await measureGrading(submissions[0]!, n);
    console.log(`${exercise.id}: cold reference grading ${fmt(cold.wallMs)} (${cold.checks} checks, floor ${fmt(cold.floorMs)}, ×${cold.ratio.toFixed(2)})`);
    const cliMs = values.quick ? undefined : await timeCli(submissions.find((s) => s.name.endsWith('-correct')) ?? submissions[0]!);
    for (let r = 0; r < repeat; r++) {
      for (const submission of submissions) {
        const one = await measureGrading(submission, 1);
        const many = await measureGrading(submission, n, one.prescribedWaitMs);
        runs.push(one, many);
        process.stdout.write('.');
      }
    }
    process.stdout.write('\n');
    const memory = await measurePeakMemory(submissions[0]!);
    const silent = values.quick ? [] : await measureSilentPrograms(exercise, n);
    perExercise.push({ exercise: exercise.id, cold, cliEndToEndMs: cliMs, memory, silent });
  }

  // Verdicts must not depend on the worker count.
  const verdictDiffs: string[] = [];
  for (const run of runs.filter((r) => r.workers !== 1)) {
    const single = runs.find((r) => r.workers === 1 && r.submission === run.submission)!;
    for (const [id, status] of Object.entries(run.statuses)) {
      if (single.statuses[id] !== status) verdictDiffs.push(`${run.submission} ${id}: ${single.statuses[id]} at 1 worker, ${status} at ${run.workers}`);
    }
  }

  const names = [...new Set(runs.map((r) => r.submission))];
  const summary = names.flatMap((name) => [1, n].filter((w, i, a) => a.indexOf(w) === i).map((workers) => {
    const mine = runs.filter((r) => r.submission === name && r.workers === workers);
    return {
      submission: name,
      workers,
      checks: mine[0]!.checks,
      passed: mine[0]!.passed,
      starts: mine[0]!.starts,
      wallMs: median(mine.map((r) => r.wallMs)),
      floorMs: median(mine.map((r) => r.floorMs)),
      bareStartsMs: median(mine.map((r) => r.bareStartsMs)),
      prescribedWaitMs: median(mine.map((r) => r.prescribedWaitMs)),
      ratio: median(mine.map((r) => r.ratio)),
      harnessCpuMs: median(mine.map((r) => r.harnessCpuMs)),
    };
  }));
  const throughput = [1, n].filter((w, i, a) => a.indexOf(w) === i).map((workers) => {
    const mine = runs.filter((r) => r.workers === workers);
    const checks = mine.reduce((s, r) => s + r.checks, 0);
    const wall = mine.reduce((s, r) => s + r.wallMs, 0);
    return { workers, checks, wallMs: wall, checksPerSecond: checks / (wall / 1000) };
  });

  console.log('\nharness wall time over the floor (medians; floor = bare start-ups + prescribed waits)');
  console.log(`${'submission'.padEnd(30)} ${pad('workers', 7)} ${pad('checks', 6)} ${pad('py+node', 7)} ${pad('wall', 8)} ${pad('starts', 8)} ${pad('waits', 8)} ${pad('floor', 8)} ${pad('ratio', 6)} ${pad('cpu', 7)}`);
  for (const s of summary) {
    console.log(`${s.submission.padEnd(30)} ${pad(s.workers, 7)} ${pad(`${s.passed}/${s.checks}`, 6)} ${pad(`${s.starts.python + s.starts.other}+${s.starts.node}`, 7)} ${pad(fmt(s.wallMs), 8)} ${pad(fmt(s.bareStartsMs), 8)} ${pad(fmt(s.prescribedWaitMs), 8)} ${pad(fmt(s.floorMs), 8)} ${pad(`×${s.ratio.toFixed(2)}`, 6)} ${pad(fmt(s.harnessCpuMs), 7)}`);
  }
  console.log('\nthroughput');
  for (const t of throughput) console.log(`  ${t.workers} worker(s): ${t.checksPerSecond.toFixed(2)} checks/s (${t.checks} checks in ${fmt(t.wallMs)})`);
  if (throughput.length === 2) console.log(`  speed-up at ${n} workers: ×${(throughput[1]!.checksPerSecond / throughput[0]!.checksPerSecond).toFixed(2)}`);
  for (const e of perExercise) {
    const memory = e.memory as Awaited<ReturnType<typeof measurePeakMemory>>;
    if (memory) console.log(`\n${e.exercise}: grader RSS during ${memory.checks.join(', ')}: ${memory.rssBeforeMiB.toFixed(0)} MiB before, peak ${memory.peakRssMiB.toFixed(0)} MiB (+${(memory.peakRssMiB - memory.rssBeforeMiB).toFixed(0)} MiB), ${fmt(memory.wallMs)}`);
    if (e.cliEndToEndMs !== undefined) console.log(`${e.exercise}: CLI end to end (node start, imports, grading, exit), correct example: ${fmt(e.cliEndToEndMs as number)}`);
    const silent = e.silent as VerdictTiming[];
    if (silent.length) {
      console.log(`${e.exercise}: time to a verdict for programs that never answer (bounds: start-up ${SILENT_TIMEOUTS.startupMs} ms, reply ${SILENT_TIMEOUTS.replyMs} ms)`);
      for (const v of silent) console.log(`  ${v.program.padEnd(24)} ${v.check.padEnd(32)} ${v.status.padEnd(7)} ${pad(fmt(v.measuredMs), 8)} vs bound ${pad(fmt(v.boundMs), 8)}  ${v.overMs >= 0 ? '+' : ''}${fmt(v.overMs)}`);
    }
  }
  console.log(verdictDiffs.length ? `\nVERDICTS CHANGED WITH THE WORKER COUNT:\n  ${verdictDiffs.join('\n  ')}` : `\nverdicts identical at 1 and ${n} workers`);
  const leftovers = findLeftoverProcesses();
  // The scan sees every sockgrade run folder on the machine, so it also lists other gradings' programs.
  if (leftovers.length) console.log(`processes in sockgrade run folders at the end (this run's or another grader's on this machine):\n  ${leftovers.join('\n  ')}`);

  const result = {
    version: 1,
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    machine: { cpus: cpus().length, availableParallelism: availableParallelism(), model: cpus()[0]?.model, totalMemMiB: Math.round(totalmem() / 2 ** 20), loadBefore: load0, loadAfter: loadavg(), platform: `${process.platform}-${process.arch}`, node: process.version, containment: detectContainment().mode },
    settings: { repeat, workers: n, prescribedMinMs: PRESCRIBED_MIN_MS, silentTimeouts: SILENT_TIMEOUTS },
    summary,
    throughput,
    exercises: perExercise,
    verdictDiffs,
    targets,
    leftovers,
    runs,
  };
  mkdirSync(values.out, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(values.out, `bench-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(values.out, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${join(values.out, `bench-${stamp}.json`)} and latest.json`);
  if (verdictDiffs.length) process.exitCode = 1;
}

await main();
