// The commands behind the CLI (grade, batch, list): parse options, load, run, report.
import { checksOf, exercises, findExercise } from '../../exercises/index.js';
import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { commandWorkers, gradeSubmission, type GradeOptions, type GradeReport } from '../check/runner.js';
import { createSubmission } from '../check/submission.js';
import type { Role } from '../check/types.js';
import { readManifest } from './manifest.js';
import { runReporters } from './outputs.js';
import { openFile } from './open.js';
import { isColorEnabled } from './color.js';
import { createProgress, type Progress } from './progress.js';
import { parseFormats, parseVisibility, reporters, type ReporterRequest } from '../report/registry.js';
import type { ReportRun, VisibilityPolicy } from '../report/reporter.js';
import type { Lang } from '../i18n/text.js';
import { GradeReportJsonSchema, REPORT_VERSION } from '../report/schema.js';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { render } from '../i18n/text.js';
import { USAGE, UsageError } from './usage.js';
import { registerExercisesFrom } from './own-exercises.js';
import { noteUnreadConfig } from '../course/discover.js';
import { parseBuildTimeout, parseCheckTimeout, parseLang, parseLimits, parseSandbox, parseTimeouts, RUN_OPTIONS, type LimitOptionValues } from './options.js';
import { t } from '../i18n/text.js';

const POINTS = t('pt', '分');

export const colorEnabled = () => isColorEnabled(process.stdout);

export const COMMON_OPTIONS = {
  config: { type: 'string' },
  format: { type: 'string' },
  visibility: { type: 'string' },
  json: { type: 'string' },
  junit: { type: 'string' },
  gradescope: { type: 'string' },
  html: { type: 'string' },
  open: { type: 'boolean' },
  ...RUN_OPTIONS,
  pair: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  'exercises-from': { type: 'string', multiple: true },
} as const;

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers takes a whole number from 1 to 64, got ${JSON.stringify(value)}`);
  return n;
}

/** Submissions graded at once by batch: by default as many as there are CPUs. */
export function parseJobs(value: string | undefined): number {
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

export function requireDirectory(dir: string): string {
  const full = resolve(dir);
  if (!existsSync(full)) throw new UsageError(`the folder ${dir} does not exist`);
  if (!statSync(full).isDirectory()) throw new UsageError(`${dir} is not a folder`);
  return full;
}

export interface GradeRequest {
  readonly exerciseId: string | undefined;
  readonly dir: string;
  readonly commands: Partial<Record<Role, string>>;
  /** `--build CMD`; otherwise the manifest's, when the manifest gives the commands. */
  readonly build?: string | undefined;
  /** `--pair` with fewer than two roles is the user's error (grade), not a reason to skip pairing (batch). */
  readonly strictPair?: boolean;
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

export type RunValues = LimitOptionValues & { lang?: string | undefined; pair?: boolean | undefined; workers?: string | undefined; timeout?: string | undefined; 'check-timeout'?: string | undefined; 'build-timeout'?: string | undefined; 'no-redirect'?: boolean | undefined; sandbox?: string | undefined };

/** The runner's options from the run flags (or a config's limits given as flag values). */
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
    lang: parseLang(values.lang),
  };
}

export async function gradeOne(request: GradeRequest, values: RunValues, progress?: Progress): Promise<GradeReport> {
  const { exercise, commands, build } = resolveCommands(request);
  const roles = (['server', 'client'] as const).filter((r) => commands[r] !== undefined);
  // Pair mode pairs the learner's two programs: grade refuses it with one; batch pairs those that have both.
  if (values.pair && request.strictPair && roles.length < 2) {
    throw new UsageError(`--pair grades the learner's client against the learner's server: give both --server and --client${exercise.roles.client ? '' : ` (exercise ${exercise.id} has no client)`}`);
  }
  const checks = checksOf(exercise, roles, { pair: values.pair === true });
  progress?.add(checks.length);
  const options = gradeOptionsFrom(values);
  return gradeSubmission(exercise, checks, createSubmission(request.dir, commands, { build }), {
    ...options,
    workers: options.workers ?? commandWorkers(),
    ...(progress ? { onResult: (r) => progress.done(r) } : {}),
  });
}

export async function commandGrade(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, server: { type: 'string' }, client: { type: 'string' }, build: { type: 'string' }, cwd: { type: 'string' }, outcome: { type: 'string' }, all: { type: 'boolean' } },
  });
  if (values.help) return printUsage();
  if (positionals.length > 1) throw new UsageError(`grade takes one exercise, got ${positionals.join(' ')}`);
  await registerExercisesFrom(values['exercises-from']);
  const dir = requireDirectory(values.cwd ?? '.');
  const commands: Partial<Record<Role, string>> = {
    ...(values.server !== undefined ? { server: values.server } : {}),
    ...(values.client !== undefined ? { client: values.client } : {}),
  };
  noteUnreadConfig(values.config);
  // A course's assignment, or a batch's child: one learner, maybe several exercises (grade-learner.ts).
  if (values.config !== undefined || values.outcome !== undefined) return (await import('./grade-learner.js')).commandGradeLearner(values, positionals[0], dir, commands);
  const requests = reporterRequests(values);
  if (values.all) return gradeEveryExercise(positionals, dir, commands, values, requests);
  const progress = progressFor(values);
  const report = await gradeOne({ exerciseId: positionals[0], dir, commands, build: values.build, strictPair: true }, values, progress).finally(() => progress.clear());
  const failures = runReporters(createRun([report], false, values), requests);
  reportOutputFailures(failures);
  await openHtmlReport(values, requests, failures);
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
  const { gradeAll } = await import('./grade-all.js');
  const options = gradeOptionsFrom(values);
  const reports = await gradeAll(dir, commands, { ...options, workers: options.workers ?? commandWorkers(availableParallelism()) });
  const failures = runReporters(createRun(reports, true, values), requests);
  reportOutputFailures(failures);
  await openHtmlReport(values, requests, failures);
  if (failures.length) return 2;
  return reports.every((r) => r.checks.every((c) => c.status === 'passed')) ? 0 : 1;
}

export type ReportValues = { lang?: string | undefined; format?: string | undefined; visibility?: string | undefined; json?: string | undefined; junit?: string | undefined; gradescope?: string | undefined; html?: string | undefined; open?: boolean | undefined; quiet?: boolean | undefined; verbose?: boolean | undefined };

/**
 * The reporters a run writes: --format's list, plus the shorthands (--json FILE is json:FILE…),
 * the terminal unless --quiet or --format chose otherwise, and GitHub's when running under Actions.
 */
export function reporterRequests(values: ReportValues, env: NodeJS.ProcessEnv = process.env): ReporterRequest[] {
  const requests = values.format ? parseFormats(values.format) : [];
  if (!values.format && !values.quiet) requests.push({ reporter: reporters.terminal! });
  for (const name of ['json', 'junit', 'gradescope', 'html'] as const) {
    const file = values[name];
    if (file) requests.push({ reporter: reporters[name]!, file });
  }
  if (env.GITHUB_ACTIONS === 'true' && !requests.some((r) => r.reporter.name === 'github')) requests.push({ reporter: reporters.github! });
  if (values.open && !requests.some((r) => r.reporter.name === 'html')) throw new UsageError('--open opens the HTML report: add --html FILE (or --format html:FILE)');
  return requests;
}

/** `--open`: the HTML report, once written, in the system's browser. */
export async function openHtmlReport(values: ReportValues, requests: readonly ReporterRequest[], failures: readonly string[]): Promise<void> {
  const file = requests.find((r) => r.reporter.name === 'html')?.file;
  if (!values.open || file === undefined || failures.some((f) => f.includes(file))) return;
  const problem = await openFile(file);
  if (problem) process.stderr.write(`sockgrade: ${problem}\n`);
}

/** The progress line on stderr while checks run: on a terminal, unless --quiet. */
export function progressFor(values: ReportValues): Progress {
  return createProgress(process.stderr, process.stderr.isTTY === true && !values.quiet, parseLang(values.lang));
}

/** What a course config adds to a report run (command-line flags still override it). */
export interface CourseReportSettings {
  readonly visibility?: VisibilityPolicy;
  readonly lang?: Lang;
}

export function createRun(reports: readonly GradeReport[], batch: boolean, values: ReportValues, course: CourseReportSettings = {}): ReportRun {
  return { reports, batch, options: { color: colorEnabled(), lang: course.lang ?? parseLang(values.lang), verbose: values.verbose ?? false, visibility: parseVisibility(values.visibility, course.visibility), env: process.env } };
}

export function reportOutputFailures(failures: readonly string[]): void {
  for (const failure of failures) process.stderr.write(`sockgrade: ${failure} (the other reports were written)\n`);
}

const SavedReportSchema = z.union([GradeReportJsonSchema, z.object({ version: z.literal(REPORT_VERSION), reports: z.array(GradeReportJsonSchema) })]);

/** `sockgrade report FILE.json --format …`: renders a saved JSON report (grade's or batch's) again, without grading. */
export async function commandReport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { config: { type: 'string' }, lang: { type: 'string' }, format: { type: 'string' }, visibility: { type: 'string' }, json: { type: 'string' }, junit: { type: 'string' }, gradescope: { type: 'string' }, html: { type: 'string' }, open: { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } },
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
  noteUnreadConfig(values.config);
  // With --config: the assignment's visibility (opened after its due date) and language.
  let course: CourseReportSettings = {};
  if (values.config !== undefined) {
    const { loadAssignment, visibilityAt } = await import('../course/assignment.js');
    const assignment = await loadAssignment(values.config);
    course = { visibility: visibilityAt(assignment, new Date()), ...(assignment.lang ? { lang: assignment.lang } : {}) };
  }
  const lang = reportLang(reports, values.lang ?? course.lang);
  const requests = reporterRequests(values);
  const failures = runReporters(createRun(reports, batch, values, { ...course, lang }), requests);
  reportOutputFailures(failures);
  await openHtmlReport(values, requests, failures);
  if (failures.length) return 2;
  return reports.every((r) => r.checks.every((c) => c.status === 'passed')) ? 0 : 1;
}

/**
 * The language a saved report is drawn in. Its messages were written in one language when it was
 * graded and stay in it; `--lang` changes only the reporters' own words (labels, headings), so
 * without `--lang` the labels follow the report, and a `--lang` that differs is said on stderr.
 */
function reportLang(reports: readonly GradeReport[], value: string | undefined): Lang {
  const graded = reports[0]?.lang ?? 'en';
  if (value === undefined) return graded;
  const lang = parseLang(value);
  const others = [...new Set(reports.map((r) => r.lang ?? 'en'))].filter((l) => l !== lang);
  if (others.length) {
    process.stderr.write(`sockgrade: the report was graded with --lang ${others.join(', ')}: its messages, hints and titles stay in that language (only the labels follow --lang ${lang}); grade again with --lang ${lang} for a report wholly in it\n`);
  }
  return lang;
}

export async function commandList(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, config: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' }, 'exercises-from': { type: 'string', multiple: true } } });
  if (values.help) return printUsage();
  noteUnreadConfig(values.config);
  await registerExercisesFrom(values['exercises-from']);
  const lang = parseLang(values.lang);
  const say = (text: Parameters<typeof render>[0]) => render(text, lang);
  // With --config: the assignment's exercises (a course's own among them), with its points.
  const listed = values.config !== undefined
    ? (await (await import('../course/assignment.js')).loadAssignment(values.config)).exercises.map((e) => ({ exercise: e.exercise, checks: e.checksFor(['server', 'client']) }))
    : exercises.map((e) => ({ exercise: e, checks: checksOf(e) }));
  if (values.json) {
    const data = listed.map(({ exercise: e, checks }) => ({
      ...e,
      title: say(e.title),
      summary: say(e.summary),
      checks: checks.map(({ id, title, role, tags, points, hint, dependsOn }) => ({ id, title: say(title), role, tags, points, hint: say(hint), ...(dependsOn ? { dependsOn } : {}) })),
    }));
    process.stdout.write(JSON.stringify(data, null, 2) + '\n');
    return 0;
  }
  for (const { exercise, checks } of listed) {
    const seed = exercise.source.seed;
    process.stdout.write(`${exercise.id} — ${say(exercise.title)}  (${say(t(`tutorial ${seed}`, `教程 ${seed}`))})\n  ${say(exercise.summary)}\n`);
    for (const check of checks) {
      process.stdout.write(`    ${check.role.padEnd(6)} ${check.id.padEnd(34)} ${String(check.points).padStart(2)} ${say(POINTS)}  [${check.tags.join(', ')}]  ${say(check.title)}\n`);
    }
  }
  return 0;
}

function printUsage(): number {
  process.stdout.write(USAGE);
  return 0;
}

