// The plain-text account of one check a learner reads on a course platform: what happened,
// expected vs actual, the hint, remarks and the end of the transcript. Never our stack trace.
import type { CheckResult } from '../results/schema.js';
import { formatTranscript } from '../transcript.js';

export function describeCheckForLearner(check: CheckResult, transcriptEvents = 40): string {
  if (check.status === 'passed') return [check.warning ? `warning: ${check.warning}` : '', ...check.notes].filter(Boolean).join('\n');
  const lines = [check.message];
  if (check.expected !== undefined) lines.push(`expected: ${check.expected}`);
  if (check.actual !== undefined && check.status === 'failed') lines.push(`actual:   ${check.actual}`);
  if (check.status === 'failed') lines.push(`hint: ${check.hint}`);
  lines.push(...check.notes);
  if (check.status === 'failed' && check.transcript.length) lines.push('', 'transcript:', ...formatTranscript(check.transcript, transcriptEvents));
  return lines.join('\n');
}
