// `--gradescope FILE`: Gradescope's results.json (one test per check, score and max_score each).
import type { GradeReport } from '../results/schema.js';
import type { CheckResult } from '../results/schema.js';
import { formatTranscript } from '../transcript.js';

function describeCheck(check: CheckResult): string {
  if (check.status === 'passed') return [check.warning ? `warning: ${check.warning}` : '', ...check.notes].filter(Boolean).join('\n');
  const lines = [check.message];
  if (check.expected !== undefined) lines.push(`expected: ${check.expected}`);
  if (check.actual !== undefined) lines.push(`actual:   ${check.actual}`);
  if (check.status === 'failed') lines.push(`hint: ${check.hint}`);
  lines.push(...check.notes);
  if (check.transcript.length) lines.push('', 'transcript:', ...formatTranscript(check.transcript, 40));
  return lines.join('\n');
}

export function formatGradescopeReport(report: GradeReport): string {
  const results = {
    score: report.score,
    execution_time: Math.round(report.durationMs / 1000),
    output: `${report.title}: ${report.score}/${report.maxScore}`,
    tests: report.checks.map((check, i) => ({
      name: `${check.role}: ${check.title}`,
      number: String(i + 1),
      score: check.score,
      max_score: check.maxScore,
      status: check.status === 'passed' ? 'passed' : 'failed',
      tags: [...check.tags],
      output: describeCheck(check),
      extra_data: { id: check.id, status: check.status },
    })),
    extra_data: { exercise: report.exercise, environment: report.environment },
  };
  return JSON.stringify(results, null, 2) + '\n';
}
