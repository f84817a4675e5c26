// `sockgrade batch <folder> [--out DIR]`: grades every learner folder (every subfolder, in name
// order), `--jobs` at a time, on as many long-lived grading workers (course/worker-pool.ts), each
// grading one learner after another in a network namespace of its own where the machine allows.
// With --out: a report per learner, gradebook.csv, and a run that can be interrupted and run
// again (only what is missing or changed is graded), or split over machines (--shard i/n) and
// joined (sockgrade merge). See docs/instructor-guide.md.
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createPool } from '../util/pool.js';
import type { GradeReport } from '../check/runner.js';
import { t, render, type Lang } from '../i18n/text.js';
import { loadAssignment, visibilityAt, type Assignment } from '../course/assignment.js';
import { learnerIsolation } from '../course/child.js';
import { createWorkerPool } from '../course/worker-pool.js';
import { noteUnreadConfig } from '../course/discover.js';
import { fingerprintLearner } from '../course/fingerprint.js';
import { formatGradebook, type Column, type GradebookRow } from '../course/gradebook.js';
import { LearnerOutcomeSchema, formatOutcome, problem, type LearnerOutcome } from '../course/outcome.js';
import {
  gradebookPath, manifestPath, readLearnerState, readManifestFile, reportPath, reportsDir, stateDir, statePath, textPath, tidyOutDir, writeJson,
  type BatchManifest, type LearnerState,
} from '../course/out-dir.js';
import { createProgressBar } from '../course/progress.js';
import { describeShard, parseShard, selectShard } from '../course/shard.js';
import { SOCKGRADE_VERSION } from '../course/version.js';
import { parseLang, parseSandbox } from './options.js';
import { COMMON_OPTIONS, colorEnabled, createRun, openHtmlReport, parseJobs, reporterRequests, reportOutputFailures, requireDirectory, type CourseReportSettings } from './commands.js';
import { runReporters, writeFileAtomically } from './outputs.js';
import { USAGE, UsageError } from './usage.js';
import { SandboxUnavailableError } from '../process/sandbox.js';

const BATCH_OPTIONS = {
  ...COMMON_OPTIONS,
  out: { type: 'string' },
  'report-only': { type: 'boolean' },
  jobs: { type: 'string' },
  shard: { type: 'string' },
  exercise: { type: 'string' },
  server: { type: 'string' },
  client: { type: 'string' },
  build: { type: 'string' },
  'isolate-learners': { type: 'string' },
} as const;

type OptionValue<T> = T extends { type: 'boolean' } ? boolean : T extends { multiple: true } ? string[] : string;

/** Flags every learner's grading takes as given (the child's command line; part of the fingerprint). */
const PASSED_ON = ['server', 'client', 'build', 'lang', 'workers', 'timeout', 'check-timeout', 'build-timeout', 'cpu', 'memory', 'processes', 'output', 'file-size', 'open-files', 'sandbox'] as const;

type BatchValues = { [K in keyof typeof BATCH_OPTIONS]?: OptionValue<(typeof BATCH_OPTIONS)[K]> };

/** The child's arguments, without --cwd: the same for every learner. */
function childArguments(values: BatchValues, assignment: Assignment | undefined): string[] {
  const args = ['grade', ...(values.exercise !== undefined ? [values.exercise] : []), '-q'];
  if (assignment) args.push('--config', resolve(assignment.file));
  for (const name of PASSED_ON) {
    const value = values[name];
    if (typeof value === 'string') args.push(`--${name}`, value);
  }
  if (values['no-redirect']) args.push('--no-redirect');
  if (values.pair) args.push('--pair');
  for (const module of values['exercises-from'] ?? []) args.push('--exercises-from', resolve(module));
  return args;
}

/** Every subfolder is a learner's, hidden ones (.git) aside; sorted by name, as in the gradebook. */
function learnerFolders(root: string, shown: string, out: string | undefined): string[] {
  // An out dir inside the folder of submissions is not a learner.
  const names = readdirSync(root).filter((name) => !name.startsWith('.') && join(root, name) !== out && statSync(join(root, name)).isDirectory()).sort();
  if (names.length === 0) throw new UsageError(`no submissions in ${shown}: it has no subfolders (one per learner)`);
  return names;
}

type Isolation = BatchManifest['isolation'];

function decideIsolation(values: BatchValues, assignment: Assignment | undefined): Isolation {
  const mode = values['isolate-learners'] ?? 'auto';
  if (!['auto', 'on', 'off'].includes(mode)) throw new UsageError(`--isolate-learners takes auto, on or off, got ${JSON.stringify(mode)}`);
  const sandbox = parseSandbox(values.sandbox ?? assignment?.sandbox);
  if (mode === 'off') return { learners: 'shared-network', note: 'turned off (--isolate-learners off)' };
  if (sandbox === 'off') {
    if (mode === 'on') throw new UsageError('--isolate-learners on cannot go with --sandbox off');
    return { learners: 'shared-network', note: 'the sandbox is off (--sandbox off)' };
  }
  const possible = learnerIsolation();
  if (possible.ok) return { learners: 'own-network-namespace' };
  if (mode === 'on') throw new SandboxUnavailableError(`--isolate-learners on: this machine cannot give each learner a network of its own: ${possible.reason}`);
  return { learners: 'shared-network', note: possible.reason };
}

function rowOf(learner: string, outcome: Pick<LearnerOutcome, 'reports' | 'problems'>): GradebookRow {
  return {
    learner,
    scores: Object.fromEntries(outcome.reports.map((r) => [r.exercise, { score: r.score, maxScore: r.maxScore }])),
    problems: outcome.problems,
  };
}

function summaryLine(row: GradebookRow, reports: readonly GradeReport[] | undefined, lang: Lang): string {
  const scores = Object.values(row.scores);
  const total = scores.reduce((s, x) => s + x.score, 0);
  const max = scores.reduce((s, x) => s + x.maxScore, 0);
  const name = row.learner.padEnd(32);
  const reasons = row.problems.map((p) => render(p.reason, lang)).join('; ');
  const notGraded = render(t(`not graded: ${reasons}`, `未评分：${reasons}`), lang);
  if (scores.length === 0) return `${name} ${notGraded}`;
  const failedTags = [...new Set((reports ?? []).flatMap((r) => r.checks.filter((c) => c.status === 'failed').flatMap((c) => c.tags)))].join(', ');
  const status = row.problems.length
    ? notGraded
    : render(reports === undefined ? t('already graded', '已经评过分') : failedTags ? t(`lost points on: ${failedTags}`, `在这些方面失分：${failedTags}`) : t('all checks passed', '所有检查都通过'), lang);
  return `${name} ${`${Math.round(total * 1000) / 1000}/${Math.round(max * 1000) / 1000}`.padStart(7)}  ${status}`;
}

/** What one learner came to, whether graded now or found already graded. */
interface Graded {
  readonly row: GradebookRow;
  /** This run's reports (undefined: graded by an earlier run, on disk). */
  readonly reports?: readonly GradeReport[];
  readonly resumed: boolean;
  /** Not graded because sockgrade failed (not the learner): graded again next run. */
  readonly retry: boolean;
}

export async function commandBatch(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: BATCH_OPTIONS });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('batch takes one folder whose subfolders are the learners\' submissions');
  if (values.gradescope) {
    throw new UsageError('--gradescope writes the results of one submission, as Gradescope grades one at a time: use it with sockgrade grade; batch writes one JSON report per submission with --out DIR');
  }
  const perExercise = values.server !== undefined || values.client !== undefined || values.build !== undefined;
  if (perExercise && values.exercise === undefined && values.config === undefined) throw new UsageError('--server, --client and --build need the exercise: add --exercise ID (or grade with --config FILE)');
  noteUnreadConfig(values.config);
  const assignment = values.config !== undefined ? await loadAssignment(values.config) : undefined;
  if (assignment && values.exercise !== undefined && !assignment.exercises.some((e) => e.exercise.id === values.exercise)) {
    throw new UsageError(`${assignment.file} has no exercise ${JSON.stringify(values.exercise)}; it has ${assignment.exercises.map((e) => e.exercise.id).join(', ')}`);
  }
  // --lang over the assignment's over the locale's.
  const lang: Lang = values.lang !== undefined ? parseLang(values.lang) : assignment?.lang ?? parseLang(undefined);
  const course: CourseReportSettings = { ...(assignment ? { visibility: visibilityAt(assignment, new Date()) } : {}), lang };
  const all = reporterRequests(values);
  // The terminal report: printed per learner in folder order without --out; with --out each
  // learner's goes to reports/<learner>.txt and the terminal gets the summary.
  const terminal = all.find((r) => r.reporter.name === 'terminal' && r.file === undefined);
  const requests = all.filter((r) => r !== terminal);
  const refusal = requests.map((r) => r.reporter.accepts?.({ reports: [], batch: true, options: createRun([], true, values).options })).find(Boolean);
  if (refusal) throw new UsageError(refusal);

  const root = requireDirectory(positionals[0]!);
  const out = values.out !== undefined ? resolve(values.out) : undefined;
  const folders = learnerFolders(root, positionals[0]!, out);
  const shard = parseShard(values.shard);
  const members = selectShard(folders, shard);
  const jobs = parseJobs(values.jobs);
  const isolation = decideIsolation(values, assignment);
  if (isolation.learners === 'shared-network' && !values['isolate-learners']) {
    process.stderr.write(`sockgrade: ${render(t(
      `note: learners graded at the same time share one network (their programs could reach each other's): ${isolation.note}`,
      `注意：同时评分的学习者共用一个网络（他们的程序可以互相连接）：${isolation.note}`,
    ), lang)}\n`);
  }
  const childArgs = childArguments(values, assignment);
  const settings = createHash('sha256').update(JSON.stringify([SOCKGRADE_VERSION, assignment?.fingerprint ?? null, childArgs])).digest('hex');
  const columns: Column[] | null = assignment ? assignment.exercises.map((e) => ({ id: e.exercise.id, maxScore: e.maxScore })) : null;

  if (out) {
    const previous = readManifestFile(out);
    if (previous && (previous.shard.index !== shard.index || previous.shard.count !== shard.count)) {
      throw new UsageError(`${values.out} holds shard ${describeShard(previous.shard)} of a batch, not ${describeShard(shard)}: give the same --shard to go on with it, or another --out`);
    }
    if (!previous && existsSync(out) && readdirSync(out).length > 0) {
      throw new UsageError(`${values.out} is not empty and is not a batch's out dir (no batch.json): give an empty or new folder`);
    }
    mkdirSync(reportsDir(out), { recursive: true });
    mkdirSync(stateDir(out), { recursive: true });
    tidyOutDir(out, new Set(members));
    const manifest: BatchManifest = { version: 1, sockgrade: SOCKGRADE_VERSION, folders, shard, members, settings, columns, lang, isolation };
    writeJson(manifestPath(out), manifest);
  }

  const workers = createWorkerPool({
    sockgrade: [process.execPath, ...process.execArgv, process.argv[1]!],
    root,
    gradeArgs: childArgs.slice(1),
    isolate: isolation.learners === 'own-network-namespace',
  });
  const progress = createProgressBar(lang);
  const counts = { total: members.length, graded: 0, resumed: 0, notGraded: 0 };
  progress.update(counts);
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    workers.interrupt();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const pool = createPool(jobs);

  const gradeLearner = async (learner: string): Promise<Graded> => {
    const dir = join(root, learner);
    let fingerprint: string;
    try {
      fingerprint = fingerprintLearner(dir, settings);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return { row: rowOf(learner, { reports: [], problems: [problem(t(`the folder cannot be read (${reason})`, `无法读取该文件夹（${reason}）`))] }), resumed: false, retry: true };
    }
    if (out) {
      const state = readLearnerState(out, learner);
      if (state && state.fingerprint === fingerprint && (Object.keys(state.scores).length === 0 || existsSync(reportPath(out, learner)))) {
        return { row: { learner, scores: state.scores, problems: state.problems }, resumed: true, retry: false };
      }
    }
    if (interrupted) return { row: rowOf(learner, { reports: [], problems: [] }), resumed: false, retry: true };
    const result = await workers.grade(learner);
    if (result.kind === 'failed') {
      return { row: rowOf(learner, { reports: [], problems: [problem(t(result.reason, result.reason))] }), resumed: false, retry: true };
    }
    // Reasons name the learner's folder relative to the batch: the same text on every machine a shard runs on.
    const outcome = LearnerOutcomeSchema.parse(JSON.parse(JSON.stringify(result.outcome, (key, value: unknown) => (key === 'en' || key === 'zh') && typeof value === 'string' ? value.split(`${root}/`).join('') : value)));
    const row = rowOf(learner, outcome);
    if (out) {
      // The reports first, the state last: a state on disk means its reports are complete.
      writeFileAtomically(reportPath(out, learner), formatOutcome(outcome));
      if (outcome.reports.length) {
        let text = '';
        const run = createRun(outcome.reports, outcome.reports.length > 1, values, course);
        runReporters({ ...run, options: { ...run.options, color: false } }, [{ reporter: (await import('../report/registry.js')).reporters.terminal! }], (s) => (text += s));
        writeFileAtomically(textPath(out, learner), text);
      }
      const state: LearnerState = { version: 1, learner, fingerprint, scores: { ...row.scores }, problems: [...row.problems] };
      writeJson(statePath(out, learner), state);
    }
    return { row, reports: outcome.reports, resumed: false, retry: false };
  };

  const gradings = members.map((learner) => pool(() => gradeLearner(learner)).then((graded) => {
    if (graded.resumed) counts.resumed++;
    else if (graded.row.problems.length && Object.keys(graded.row.scores).length === 0) counts.notGraded++;
    else counts.graded++;
    progress.update(counts);
    return graded;
  }));

  const results: Graded[] = [];
  const failures: string[] = [];
  const summary: string[] = [];
  try {
    for (const [i, learner] of members.entries()) {
      const graded = await gradings[i]!;
      results.push(graded);
      if (interrupted) continue;
      summary.push(summaryLine(graded.row, graded.reports, lang));
      if (!out && terminal && graded.reports?.length) {
        progress.around(() => failures.push(...runReporters(createRun(graded.reports!, false, values, course), [terminal])));
      }
      for (const p of graded.row.problems) progress.around(() => process.stderr.write(`sockgrade: ${learner}: ${render(p.reason, lang)}\n`));
    }
  } finally {
    progress.stop();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await workers.close();
  }
  if (interrupted) {
    const kept = counts.graded + counts.resumed;
    process.stderr.write(`sockgrade: ${render(out
      ? t(`interrupted; the ${kept} learners graded are kept in ${values.out}: run the same command again to grade the rest`, `已中断；已评分的 ${kept} 名学习者的结果保存在 ${values.out}：再运行同一条命令即可为其余学习者评分`)
      : t('interrupted; nothing was kept (give --out DIR to resume later)', '已中断；没有保存任何结果（用 --out DIR 可以在之后接着评分）'), lang)}\n`);
    return 130;
  }

  if (out) failures.push(...writeGradebook(out, results.map((r) => r.row), columns, lang));
  if (requests.length) {
    const reports = results.flatMap((r, i) => r.reports ?? (out ? savedReports(out, members[i]!) : []));
    failures.push(...runReporters(createRun(reports, true, values, course), requests));
    await openHtmlReport(values, requests, failures);
  }
  const bold = (s: string) => (colorEnabled() ? `\u001b[1m${s}\u001b[0m` : s);
  const shardWords = shard.count > 1 ? render(t(` (shard ${describeShard(shard)}: ${members.length} of ${folders.length} folders)`, `（分片 ${describeShard(shard)}：${folders.length} 个文件夹中的 ${members.length} 个）`), lang) : '';
  process.stdout.write(`${bold(render(t('summary', '汇总'), lang))}${shardWords}\n${summary.join('\n')}\n`);
  if (out) {
    const path = gradebookPath(out);
    process.stdout.write(`${render(t(
      `gradebook: ${path}  (${counts.graded} graded now, ${counts.resumed} already graded, ${counts.notGraded} not graded)`,
      `成绩表：${path}（本次评分 ${counts.graded} 名，之前已评分 ${counts.resumed} 名，未评分 ${counts.notGraded} 名）`,
    ), lang)}\n`);
  }
  reportOutputFailures(failures);
  if (failures.length) return 2;
  const complete = results.every((r) => r.row.problems.length === 0);
  if (values['report-only'] || !complete) return complete ? 0 : 2;
  return results.every((r) => (r.reports ?? (out ? savedReports(out, r.row.learner) : [])).every((report) => report.checks.every((c) => c.status === 'passed'))) ? 0 : 1;
}

function savedReports(out: string, learner: string): GradeReport[] {
  try {
    return LearnerOutcomeSchema.parse(JSON.parse(readFileSync(reportPath(out, learner), 'utf8'))).reports;
  } catch {
    return [];
  }
}

export function writeGradebook(out: string, rows: readonly GradebookRow[], columns: readonly Column[] | null, lang: Lang): string[] {
  try {
    writeFileAtomically(gradebookPath(out), formatGradebook(rows, columns ?? undefined, lang));
    return [];
  } catch (error) {
    return [`could not write the gradebook to ${gradebookPath(out)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`];
  }
}
