// `gradescope:FILE`: Gradescope's results.json (written to /autograder/results/results.json by
// run_autograder): one test per check with score, max_score, status, output, tags and visibility.
import type { GradeReport } from '../results/schema.js';
import { describeCheckForLearner } from './learner-text.js';
import { visibilityOf, type Reporter, type Visibility, type VisibilityPolicy } from './reporter.js';
import type { Lang } from '../i18n/text.js';
import { ROLE_WORDS } from '../i18n/words.js';

/** The fields we write (gradescope autograder docs, specs.md). */
export interface GradescopeResults {
  readonly score: number;
  readonly execution_time: number;
  readonly output: string;
  readonly output_format: 'text';
  readonly test_output_format: 'text';
  readonly visibility: Visibility;
  readonly tests: readonly {
    name: string;
    number: string;
    score: number;
    max_score: number;
    status: 'passed' | 'failed';
    output: string;
    output_format: 'text';
    tags: string[];
    visibility: Visibility;
    extra_data: { id: string; role: string; status: string };
  }[];
  readonly extra_data: Record<string, unknown>;
}

export function createGradescopeResults(report: GradeReport, policy: VisibilityPolicy, lang: Lang = 'en'): GradescopeResults {
  return {
    score: report.score,
    execution_time: Math.round(report.durationMs / 1000),
    output: `${report.title}: ${report.score}/${report.maxScore}`,
    output_format: 'text',
    test_output_format: 'text',
    visibility: policy.default,
    tests: report.checks.map((check, i) => ({
      name: `${ROLE_WORDS[check.role][lang]}: ${check.title}`,
      number: String(i + 1),
      score: check.score,
      max_score: check.maxScore,
      status: check.status === 'passed' ? 'passed' : 'failed',
      output: describeCheckForLearner(check, lang),
      output_format: 'text',
      tags: [...check.tags],
      visibility: visibilityOf(policy, check),
      extra_data: { id: check.id, role: check.role, status: check.status },
    })),
    extra_data: { exercise: report.exercise, environment: report.environment },
  };
}

/**
 * One learner's assignment of several exercises as one results.json: the scores add up, each
 * test's name starts with its exercise, numbers are `exercise.check` (Gradescope sorts by them).
 */
export function createAssignmentGradescopeResults(reports: readonly GradeReport[], policy: VisibilityPolicy, lang: Lang = 'en'): GradescopeResults {
  if (reports.length === 1) return createGradescopeResults(reports[0]!, policy, lang);
  const parts = reports.map((report) => createGradescopeResults(report, policy, lang));
  return {
    score: parts.reduce((sum, p) => sum + p.score, 0),
    execution_time: parts.reduce((sum, p) => sum + p.execution_time, 0),
    output: parts.map((p) => p.output).join('\n'),
    output_format: 'text',
    test_output_format: 'text',
    visibility: policy.default,
    tests: parts.flatMap((p, i) => p.tests.map((test, j) => ({ ...test, name: `${reports[i]!.exercise} · ${test.name}`, number: `${i + 1}.${j + 1}` }))),
    extra_data: { exercises: reports.map((r) => r.exercise), environment: reports[0]!.environment },
  };
}

/** Kept for callers of the single-format API. */
export function formatGradescopeReport(report: GradeReport, policy: VisibilityPolicy = { default: 'visible', byTag: {}, byCheck: {} }, lang: Lang = 'en'): string {
  return JSON.stringify(createGradescopeResults(report, policy, lang), null, 2) + '\n';
}

export const gradescopeReporter: Reporter = {
  name: 'gradescope',
  description: 'Gradescope results.json (a test per check; visibility from --visibility)',
  file: 'required',
  accepts: (run) => (run.reports.length === 1 || run.oneSubmission ? undefined : 'Gradescope grades one submission at a time: use it with sockgrade grade'),
  emit: (run, file) => [{ to: 'file', path: file!, text: JSON.stringify(createAssignmentGradescopeResults(run.reports, run.options.visibility, run.options.lang), null, 2) + '\n' }],
};
