// The commands behind the CLI (grade, batch, list): parse options, load, run, report.
import { checksOf, exercises, findExercise } from '../../exercises/index.js';
import { parseArgs } from 'node:util';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { createPool } from '../util/pool.js';
import { gradeSubmission, type GradeOptions, type GradeReport } from '../check/runner.js';
import { createSubmission } from '../check/submission.js';
import type { Role } from '../check/types.js';
import { formatJsonReport } from '../report/json.js';
import { readManifest, ManifestError } from './manifest.js';
import { runReporters, writeOutputs } from './outputs.js';
import { parseFormats, parseVisibility, reporters, type ReporterRequest } from '../report/registry.js';
import type { ReportRun } from '../report/reporter.js';
import { GradeReportJsonSchema, REPORT_VERSION } from '../report/schema.js';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { USAGE, UsageError } from './usage.js';
import { parseBuildTimeout, parseCheckTimeout, parseLimits, parseSandbox, parseTimeouts, type LimitOptionValues } from './options.js';

const colorEnabled = () => process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

const COMMON_OPTIONS = {
  format: { type: 'string' },
  visibility: { type: 'string' },
  json: { type: 'string' },
  junit: { type: 'string' },
  gradescope: { type: 'string' },
  workers: { type: 'string' },
  timeout: { type: 'string' },
  'check-timeout': { type: 'string' },
  'no-redirect': { type: 'boolean' },
  cpu: { type: 'string' },
  memory: { type: 'string' },
  processes: { type: 'string' },
  output: { type: 'string' },
  'file-size': { type: 'string' },
  'open-files': { type: 'string' },
  sandbox: { type: 'string' },
  'build-timeout': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers takes a whole number from 1 to 64, got ${JSON.stringify(value)}`);
  return n;
}

/** Submissions graded at once by batch: by default as many as there are CPUs. */
function parseJobs(value: string | undefined): number {
  if (value === undefined) return Math.max(1, availableParallelism());
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--jobs takes a whole number from 1 to 64, got ${JSON.stringify(value)}`);
  return n;
}

function requireExercise(id: string | undefined) {
  if (!id) throw new UsageError('which exercise? e.g. sockgrade grade echo --server "python3 server.py" (sockgrade list shows them all)');
  const exercise = findExercise(id);
  if (!exercise) throw new UsageError(`unknown exercise ${JSON.stringify(id)}; known: ${exercises.map((e) => e.id).join(', ')}`);
  return exercise;
}

function requireDirectory(dir: string): string {
  const full = resolve(dir);
  if (!existsSync(full)) throw new UsageError(`the folder ${dir} does not exist`);
  if (!statSync(full).isDirectory()) throw new UsageError(`${dir} is not a folder`);
  return full;
}

interface GradeRequest {
  readonly exerciseId: string | undefined;
  readonly dir: string;
  readonly commands: Partial<Record<Role, string>>;
  /** `--build CMD`; otherwise the manifest's, when the manifest gives the commands. */
  readonly build?: string | undefined;
}

/** Decides which roles to grade: the commands given, else the folder's manifest, else the defaults whose files exist. */
function resolveCommands(request: GradeRequest) {
  let { exerciseId, commands, build } = request;
  if (build !== undefined && build.trim() === '') throw new UsageError('the --build command is empty');
  if (commands.server === undefined && commands.client === undefined) {
    const manifest = readManifest(request.dir);
    if (manifest) {
      exerciseId ??= manifest.exercise;
      if (manifest.exercise !== exerciseId) throw new UsageError(`${join(request.dir, 'sockgrade.json')} is for exercise ${manifest.exercise}, not ${exerciseId}`);
      commands = { ...(manifest.server ? { server: manifest.server } : {}), ...(manifest.client ? { client: manifest.client } : {}) };
      build ??= manifest.build;
    }
  }
  const exercise = requireExercise(exerciseId);
  for (const [role, command] of Object.entries(commands)) {
    if (command.trim() === '') throw new UsageError(`the --${role} command is empty`);
    if (!exercise.roles[role as Role]) throw new UsageError(`exercise ${exercise.id} has no ${role} role`);
  }
  if (commands.server === undefined && commands.client === undefined) {
    for (const role of ['server', 'client'] as const) {
      const spec = exercise.roles[role];
      const script = spec?.defaultCommand.split(' ').pop();
      if (spec && script && existsSync(join(request.dir, script))) commands = { ...commands, [role]: spec.defaultCommand };
    }
    if (commands.server === undefined && commands.client === undefined) {
      throw new UsageError(`nothing to grade in ${request.dir}: give --server CMD and/or --client CMD (or add a sockgrade.json)`);
    }
  }
  return { exercise, commands, build };
}

export type RunValues = LimitOptionValues & { workers?: string | undefined; timeout?: string | undefined; 'check-timeout'?: string | undefined; 'build-timeout'?: string | undefined; 'no-redirect'?: boolean | undefined; sandbox?: string | undefined };

/** The grading options the run flags ask for (--workers, --timeout, limits, --sandbox, --no-redirect). */
export function gradeOptionsFrom(values: RunValues): GradeOptions {
  const workers = parseWorkers(values.workers);
  const checkMs = parseCheckTimeout(values['check-timeout']);
  const buildTimeoutMs = parseBuildTimeout(values['build-timeout']);
  const timeouts = { ...parseTimeouts(values.timeout), ...(checkMs ? { checkMs } : {}) };
  return {
    ...(workers ? { workers } : {}),
    ...(buildTimeoutMs ? { buildTimeoutMs } : {}),
    ...(Object.keys(timeouts).length ? { timeouts } : {}),
    limits: parseLimits(values),
    sandbox: parseSandbox(values.sandbox),
    redirect: !values['no-redirect'],
  };
}

async function gradeOne(request: GradeRequest, values: RunValues, onLine?: (line: string) => void): Promise<GradeReport> {
  const { exercise, commands, build } = resolveCommands(request);
  const roles = (['server', 'client'] as const).filter((r) => commands[r] !== undefined);
  return gradeSubmission(exercise, checksOf(exercise, roles), createSubmission(request.dir, commands, { build }), {
    ...gradeOptionsFrom(values),
    ...(onLine ? { onResult: (r) => onLine(`${r.status === 'passed' ? '.' : r.status === 'failed' ? 'F' : r.status === 'skipped' ? 's' : 'E'}`) } : {}),
  });
}

export async function commandGrade(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, server: { type: 'string' }, client: { type: 'string' }, build: { type: 'string' }, cwd: { type: 'string' }, all: { type: 'boolean' } },
  });
  if (values.help) return printUsage();
  if (positionals.length > 1) throw new UsageError(`grade takes one exercise, got ${positionals.join(' ')}`);
  const dir = requireDirectory(values.cwd ?? '.');
  const commands: Partial<Record<Role, string>> = {
    ...(values.server !== undefined ? { server: values.server } : {}),
    ...(values.client !== undefined ? { client: values.client } : {}),
  };
  const requests = reporterRequests(values);
  if (values.all) return gradeEveryExercise(positionals, dir, commands, values, requests);
  const report = await gradeOne({ exerciseId: positionals[0], dir, commands, build: values.build }, values);
  const failures = runReporters(createRun([report], false, values), requests);
  reportOutputFailures(failures);
  if (failures.length) return 2;
  return report.checks.every((c) => c.status === 'passed') ? 0 : 1;
}

/** `grade --all`: every exercise, the given commands, one shared pool; reported like a batch. */
async function gradeEveryExercise(positionals: string[], dir: string, commands: Partial<Record<Role, string>>, values: RunValues & ReportValues & { build?: string | undefined }, requests: ReporterRequest[]): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`grade --all grades every exercise; leave out the exercise (${positionals.join(' ')})`);
  if (commands.server === undefined && commands.client === undefined) throw new UsageError('grade --all needs --server CMD and/or --client CMD, e.g. --server reference --client reference');
  if (values.build !== undefined) throw new UsageError('grade --all does not take --build: each exercise is graded with the same commands');
  const refusal = requests.map((r) => r.reporter.accepts?.({ reports: [], batch: true, options: createRun([], true, values).options })).find(Boolean);
  if (refusal) throw new UsageError(refusal);
  const { gradeAll, allWorkers } = await import('./grade-all.js');
  const options = gradeOptionsFrom(values);
  const reports = await gradeAll(dir, commands, { ...options, workers: options.workers ?? allWorkers(availableParallelism()) });
  const failures = runReporters(createRun(reports, true, values), requests);
  reportOutputFailures(failures);
  if (failures.length) return 2;
  return reports.every((r) => r.checks.every((c) => c.status === 'passed')) ? 0 : 1;
}

type ReportValues = { format?: string | undefined; visibility?: string | undefined; json?: string | undefined; junit?: string | undefined; gradescope?: string | undefined; quiet?: boolean | undefined; verbose?: boolean | undefined };

/**
 * The reporters a run writes: --format's list, plus the shorthands (--json FILE is json:FILE…),
 * the terminal unless --quiet or --format chose otherwise, and GitHub's when running under Actions.
 */
function reporterRequests(values: ReportValues, env: NodeJS.ProcessEnv = process.env): ReporterRequest[] {
  const requests = values.format ? parseFormats(values.format) : [];
  if (!values.format && !values.quiet) requests.push({ reporter: reporters.terminal! });
  for (const name of ['json', 'junit', 'gradescope'] as const) {
    const file = values[name];
    if (file) requests.push({ reporter: reporters[name]!, file });
  }
  if (env.GITHUB_ACTIONS === 'true' && !requests.some((r) => r.reporter.name === 'github')) requests.push({ reporter: reporters.github! });
  return requests;
}

function createRun(reports: readonly GradeReport[], batch: boolean, values: ReportValues): ReportRun {
  return { reports, batch, options: { color: colorEnabled(), lang: 'en', verbose: values.verbose ?? false, visibility: parseVisibility(values.visibility), env: process.env } };
}

function reportOutputFailures(failures: readonly string[]): void {
  for (const failure of failures) process.stderr.write(`sockgrade: ${failure} (the other reports were written)\n`);
}

export async function commandBatch(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, out: { type: 'string' }, 'report-only': { type: 'boolean' }, jobs: { type: 'string' } },
  });
  if (values.help) return printUsage();
  if (positionals.length !== 1) throw new UsageError('batch takes one folder whose subfolders are submissions (each with a sockgrade.json)');
  if (values.gradescope) {
    throw new UsageError('--gradescope writes the results of one submission, as Gradescope grades one at a time: use it with sockgrade grade; batch writes one JSON report per submission with --out DIR');
  }
  const all = reporterRequests(values);
  // The terminal report is printed as each submission is graded; the others once, at the end.
  const terminal = all.find((r) => r.reporter.name === 'terminal' && r.file === undefined);
  const requests = all.filter((r) => r !== terminal);
  const refusal = requests.map((r) => r.reporter.accepts?.({ reports: [], batch: true, options: createRun([], true, values).options })).find(Boolean);
  if (refusal) throw new UsageError(refusal);
  const root = requireDirectory(positionals[0]!);
  const folders = readdirSync(root).sort().map((name) => join(root, name)).filter((p) => statSync(p).isDirectory() && existsSync(join(p, 'sockgrade.json')));
  if (folders.length === 0) throw new UsageError(`no submissions in ${positionals[0]}: no subfolder has a sockgrade.json`);
  const reports: GradeReport[] = [];
  const summary: string[] = [];
  const failures: string[] = [];
  // Submissions are graded `--jobs` at a time (most of a grading is waiting on programs), and
  // reported in folder order, each as soon as it and those before it are done.
  const jobs = parseJobs(values.jobs);
  const gradeFolder = createPool(jobs);
  const gradings = folders.map((dir) => gradeFolder(() => gradeOne({ exerciseId: undefined, dir, commands: {} }, values).then(
    (report) => ({ report }) as const,
    (error: unknown) => {
      if (!(error instanceof UsageError || error instanceof ManifestError)) throw error;
      return { error } as const;
    },
  )));
  for (const [i, dir] of folders.entries()) {
    const name = dir.slice(root.length + 1);
    const graded = await gradings[i]!;
    if ('error' in graded) {
      summary.push(`${name.padEnd(32)} not graded: ${graded.error.message}`);
      process.stderr.write(`sockgrade: ${name}: ${graded.error.message}\n`);
      continue;
    }
    const report = graded.report;
    reports.push(report);
    if (values.out) failures.push(...writeOutputs([{ what: `JSON report of ${name}`, file: join(values.out, `${name}.json`), render: () => formatJsonReport(report) }]));
    if (terminal) failures.push(...runReporters(createRun([report], false, values), [terminal]));
    const failedTags = [...new Set(report.checks.filter((c) => c.status === 'failed').flatMap((c) => c.tags))];
    summary.push(`${name.padEnd(32)} ${`${report.score}/${report.maxScore}`.padStart(7)}  ${failedTags.length ? `lost points on: ${failedTags.join(', ')}` : 'all checks passed'}`);
  }
  failures.push(...runReporters(createRun(reports, true, values), requests));
  process.stdout.write(`${colorEnabled() ? '\u001b[1m' : ''}summary${colorEnabled() ? '\u001b[0m' : ''}\n${summary.join('\n')}\n`);
  reportOutputFailures(failures);
  if (failures.length) return 2;
  if (values['report-only']) return summary.length === reports.length ? 0 : 2;
  if (summary.length !== reports.length) return 2;
  return reports.every((r) => r.checks.every((c) => c.status === 'passed')) ? 0 : 1;
}

const SavedReportSchema = z.union([GradeReportJsonSchema, z.object({ version: z.literal(REPORT_VERSION), reports: z.array(GradeReportJsonSchema) })]);

/** `sockgrade report FILE.json --format …`: renders a saved JSON report (grade's or batch's) again, without grading. */
export function commandReport(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, visibility: { type: 'string' }, json: { type: 'string' }, junit: { type: 'string' }, gradescope: { type: 'string' }, verbose: { type: 'boolean', short: 'v' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return printUsage();
  if (positionals.length !== 1) throw new UsageError('report takes one saved JSON report, e.g. sockgrade report out.json --format junit:junit.xml');
  const file = positionals[0]!;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file} as JSON: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const parsed = SavedReportSchema.safeParse(data);
  if (!parsed.success) throw new UsageError(`${file} is not a sockgrade JSON report: ${z.prettifyError(parsed.error).split('\n').slice(0, 3).join('; ')}`);
  const batch = 'reports' in parsed.data;
  const reports = 'reports' in parsed.data ? parsed.data.reports : [parsed.data];
  const failures = runReporters(createRun(reports, batch, values), reporterRequests(values));
  reportOutputFailures(failures);
  if (failures.length) return 2;
  return reports.every((r) => r.checks.every((c) => c.status === 'passed')) ? 0 : 1;
}

export function commandList(args: string[]): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return printUsage();
  if (values.json) {
    const data = exercises.map((e) => ({
      ...e,
      checks: checksOf(e).map(({ id, title, role, tags, points, hint, dependsOn }) => ({ id, title, role, tags, points, hint, ...(dependsOn ? { dependsOn } : {}) })),
    }));
    process.stdout.write(JSON.stringify(data, null, 2) + '\n');
    return 0;
  }
  for (const exercise of exercises) {
    process.stdout.write(`${exercise.id} — ${exercise.title}  (tutorial ${exercise.source.seed})\n  ${exercise.summary}\n`);
    for (const check of checksOf(exercise)) {
      process.stdout.write(`    ${check.role.padEnd(6)} ${check.id.padEnd(34)} ${String(check.points).padStart(2)} pt  [${check.tags.join(', ')}]  ${check.title}\n`);
    }
  }
  return 0;
}

function printUsage(): number {
  process.stdout.write(USAGE);
  return 0;
}

