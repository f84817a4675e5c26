// What grading one learner folder produced: a report per exercise graded, and a reason per
// exercise (or for the whole folder) that could not be. A batch's child process writes it for its
// parent; `reports/<learner>.json` is the same document, which `sockgrade report` re-renders.
import { z } from 'zod';
import { GradeReportJsonSchema, REPORT_VERSION } from '../report/schema.js';
import { createJsonReport } from '../report/json.js';
import type { GradeReport } from '../results/schema.js';
import { render, type Lang, type Text } from '../i18n/text.js';

export const ProblemSchema = z.object({
  /** The exercise that could not be graded; absent when the whole folder could not be. */
  exercise: z.string().optional(),
  reason: z.object({ en: z.string(), zh: z.string() }),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const LearnerOutcomeSchema = z.object({
  version: z.literal(REPORT_VERSION),
  reports: z.array(GradeReportJsonSchema),
  problems: z.array(ProblemSchema),
});
export type LearnerOutcome = z.infer<typeof LearnerOutcomeSchema>;

export function createOutcome(reports: readonly GradeReport[], problems: readonly Problem[]): LearnerOutcome {
  return { version: REPORT_VERSION, reports: reports.map(createJsonReport), problems: [...problems] };
}

export function formatOutcome(outcome: LearnerOutcome): string {
  return JSON.stringify(outcome, null, 2) + '\n';
}

export function problem(reason: Text, exercise?: string): Problem {
  return { ...(exercise !== undefined ? { exercise } : {}), reason: { en: reason.en, zh: reason.zh } };
}

export function describeProblems(problems: readonly Problem[], lang: Lang): string {
  return problems.map((p) => render(p.reason, lang)).join('; ');
}
