// `prairielearn:FILE`: PrairieLearn's external-grader results.json (written to
// /grade/results/results.json by the course's entrypoint): score in 0..1, one test per check.
import type { CheckResult, GradeReport } from '../results/schema.js';
import { describeCheckForLearner } from './learner-text.js';
import type { Reporter } from './reporter.js';
import type { Lang } from '../i18n/text.js';
import { ROLE_WORDS } from '../i18n/words.js';
import { LABELS } from './labels.js';

/** The parts of the format we write (PrairieLearn docs/externalGrading.md). */
export interface PrairieLearnResults {
  readonly gradable: boolean;
  readonly score: number;
  readonly message: string;
  readonly format_errors?: readonly string[];
  readonly tests: readonly { name: string; description: string; points: number; max_points: number; message: string; output: string }[];
}

function testOf(check: CheckResult, lang: Lang) {
  return {
    name: `${ROLE_WORDS[check.role][lang]}: ${check.title}`,
    description: `[${check.role}/${check.id}] ${check.tags.join(', ')}`,
    points: check.score,
    max_points: check.maxScore,
    message: check.status === 'passed' ? (check.warning ? `${LABELS.warning[lang]}${check.warning}` : LABELS.passed[lang]) : check.message,
    output: describeCheckForLearner(check, lang),
  };
}

export function createPrairieLearnResults(report: GradeReport, lang: Lang = 'en'): PrairieLearnResults {
  // A run in which sockgrade could run no check at all is not the learner's attempt: not gradable.
  const ranAny = report.checks.some((c) => c.status !== 'errored');
  const message = `${report.title}: ${report.score}/${report.maxScore}`;
  return {
    gradable: ranAny,
    score: report.maxScore > 0 ? report.score / report.maxScore : 0,
    message,
    ...(ranAny ? {} : { format_errors: report.checks.map((c) => c.message) }),
    tests: report.checks.map((check) => testOf(check, lang)),
  };
}

export const prairielearnReporter: Reporter = {
  name: 'prairielearn',
  description: "PrairieLearn external-grader results.json (score 0..1, a test per check)",
  file: 'required',
  accepts: (run) => (run.reports.length === 1 ? undefined : 'PrairieLearn grades one submission at a time: use it with sockgrade grade'),
  emit: (run, file) => [{ to: 'file', path: file!, text: JSON.stringify(createPrairieLearnResults(run.reports[0]!, run.options.lang), null, 2) + '\n' }],
};
