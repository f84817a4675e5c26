// `sockgrade grade --config FILE [exercise] --cwd LEARNER`: grades every exercise of an assignment
// (or the one named) in one learner's folder, each found as the config says. Also what a batch
// can run for each learner with `--outcome FILE` (the reports and the reasons for what could not
// be graded, in one document); a batch's workers (batch-worker.ts) grade with gradeLearner.
import { t } from '../i18n/text.js';
import { gradeSubmission, type GradeReport } from '../check/runner.js';
import { createSubmission } from '../check/submission.js';
import type { Role } from '../check/types.js';
import { loadAssignment, visibilityAt, type Assignment, type AssignmentExercise } from '../course/assignment.js';
import { locateExercise } from '../course/locate.js';
import { createOutcome, formatOutcome, problem, type Problem } from '../course/outcome.js';
import { ManifestError, readManifest } from './manifest.js';
import { checksOf, exercises, findExercise } from '../../exercises/index.js';
import { parseLang } from './options.js';
import { createRun, gradeOptionsFrom, reporterRequests, reportOutputFailures, type ReportValues, type RunValues } from './commands.js';
import { runReporters, writeFileAtomically } from './outputs.js';
import { UsageError } from './usage.js';
import { render } from '../i18n/text.js';

export type LearnerValues = RunValues & ReportValues & { config?: string | undefined; outcome?: string | undefined; build?: string | undefined };

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The assignment's limits and sandbox, with every flag given on the command line over them. */
function runValuesFor(assignment: Assignment, planned: AssignmentExercise, values: RunValues): RunValues {
  return { ...planned.limits, ...(assignment.sandbox ? { sandbox: assignment.sandbox } : {}), ...(assignment.lang ? { lang: assignment.lang } : {}), ...definedOnly(values) };
}

function selectExercises(assignment: Assignment, exerciseId: string | undefined, overrides: boolean): readonly AssignmentExercise[] {
  if (exerciseId === undefined) {
    if (overrides && assignment.exercises.length > 1) {
      throw new UsageError(`--server, --client and --build apply to one exercise of ${assignment.file}: name it, e.g. sockgrade grade ${assignment.exercises[0]!.exercise.id} --config ${assignment.file} --server CMD`);
    }
    return assignment.exercises;
  }
  const found = assignment.exercises.find((e) => e.exercise.id === exerciseId);
  if (!found) throw new UsageError(`${assignment.file} has no exercise ${JSON.stringify(exerciseId)}; it has ${assignment.exercises.map((e) => e.exercise.id).join(', ')}`);
  return [found];
}

async function gradeAssignment(assignment: Assignment, selected: readonly AssignmentExercise[], dir: string, commands: Partial<Record<Role, string>>, values: LearnerValues) {
  const reports: GradeReport[] = [];
  const problems: Problem[] = [];
  // One exercise after another: each already grades its checks in parallel (--workers).
  for (const planned of selected) {
    const where = locateExercise(dir, planned, { ...commands, build: values.build });
    if (!where.ok) {
      problems.push(problem(where.reason, planned.exercise.id));
      continue;
    }
    const roles = (['server', 'client'] as const).filter((r) => where.commands[r] !== undefined);
    reports.push(await gradeSubmission(planned.exercise, planned.checksFor(roles), createSubmission(where.dir, where.commands, { build: where.build }), gradeOptionsFrom(runValuesFor(assignment, planned, values))));
  }
  return { reports, problems };
}

/**
 * Grading without a config (a batch's child, `--outcome`): the exercise named or the one of the
 * folder's sockgrade.json, found in the folder itself as an assignment of one exercise would be,
 * so a folder without the files is "not graded: missing server.py" rather than scored 0.
 */
async function gradePlain(exerciseId: string | undefined, dir: string, commands: Partial<Record<Role, string>>, values: LearnerValues) {
  const none = { reports: [] as GradeReport[] };
  let id = exerciseId;
  if (id === undefined) {
    try {
      id = readManifest(dir)?.exercise;
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      return { ...none, problems: [problem(t(error.message, error.message))] };
    }
    if (id === undefined) {
      return { ...none, problems: [problem(t('no sockgrade.json says which exercise this is (grade the batch with --config FILE or --exercise ID)', '没有 sockgrade.json 说明这是哪个练习（请用 --config FILE 或 --exercise ID 评分这一批）'))] };
    }
  }
  const exercise = findExercise(id);
  if (!exercise) throw new UsageError(`unknown exercise ${JSON.stringify(id)}; known: ${exercises.map((e) => e.id).join(', ')}`);
  const planned: AssignmentExercise = { exercise, entry: { id, folder: '.' }, checksFor: (roles) => checksOf(exercise, roles), maxScore: 0, limits: {} };
  const where = locateExercise(dir, planned, { ...commands, build: values.build });
  if (!where.ok) return { ...none, problems: [problem(where.reason, id)] };
  const roles = (['server', 'client'] as const).filter((r) => where.commands[r] !== undefined);
  const report = await gradeSubmission(exercise, checksOf(exercise, roles), createSubmission(where.dir, where.commands, { build: where.build }), gradeOptionsFrom(values));
  return { reports: [report], problems: [] };
}

/** Grades one learner's folder: the assignment's exercises (or the one named), each found as the config says. */
export async function gradeLearner(assignment: Assignment | undefined, values: LearnerValues, exerciseId: string | undefined, dir: string, commands: Partial<Record<Role, string>>): Promise<{ reports: GradeReport[]; problems: Problem[] }> {
  return assignment
    ? await gradeAssignment(assignment, selectExercises(assignment, exerciseId, Object.keys(commands).length > 0 || values.build !== undefined), dir, commands, values)
    : await gradePlain(exerciseId, dir, commands, values);
}

export async function commandGradeLearner(values: LearnerValues, exerciseId: string | undefined, dir: string, commands: Partial<Record<Role, string>>): Promise<number> {
  const assignment = values.config !== undefined ? await loadAssignment(values.config) : undefined;
  const requests = reporterRequests(values);
  const { reports, problems } = await gradeLearner(assignment, values, exerciseId, dir, commands);
  const failures: string[] = [];
  if (values.outcome !== undefined) {
    try {
      writeFileAtomically(values.outcome, formatOutcome(createOutcome(reports, problems)));
    } catch (error) {
      failures.push(`could not write the outcome to ${values.outcome}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const lang = values.lang !== undefined ? parseLang(values.lang) : assignment?.lang ?? parseLang(undefined);
  if (reports.length) {
    const course = assignment ? { visibility: visibilityAt(assignment, new Date()), lang } : {};
    // Several exercises of one learner: one submission for the platforms that grade one at a time.
    failures.push(...runReporters({ ...createRun(reports, reports.length > 1, values, course), oneSubmission: true }, requests));
  }
  for (const p of problems) process.stderr.write(`sockgrade: ${render(p.reason, lang)}\n`);
  reportOutputFailures(failures);
  if (failures.length || problems.length) return 2;
  return reports.every((r) => r.checks.every((c) => c.status === 'passed')) ? 0 : 1;
}
