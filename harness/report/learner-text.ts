// The plain-text account of one check a learner reads on a course platform: what happened,
// expected vs actual, the hint, remarks and the end of the transcript. Never our stack trace.
import type { CheckResult } from '../results/schema.js';
import { formatTranscript } from '../transcript.js';
import type { Lang } from '../i18n/text.js';
import { LABELS } from './labels.js';

export function describeCheckForLearner(check: CheckResult, lang: Lang = 'en', transcriptEvents = 40): string {
  const label = (name: keyof typeof LABELS) => LABELS[name][lang];
  if (check.status === 'passed') return [check.warning ? `${label('warning')}${check.warning}` : '', ...check.notes].filter(Boolean).join('\n');
  const lines = [check.message];
  if (check.expected !== undefined) lines.push(`${label('expected')}${check.expected}`);
  if (check.actual !== undefined && check.status === 'failed') lines.push(`${label('actualAligned')}${check.actual}`);
  if (check.status === 'failed') lines.push(`${label('hint')}${check.hint}`);
  lines.push(...check.notes);
  if (check.status === 'failed' && check.transcript.length) lines.push('', label('transcript'), ...formatTranscript(check.transcript, transcriptEvents));
  return lines.join('\n');
}
