// One check as a <details>: failed and errored checks open, the others closed. The summary line
// says the outcome in words as well as colour; the body says what was expected, what happened,
// and draws the transcript, ending at the failure with the hint.
import { render, type Lang } from '../../i18n/text.js';
import type { CheckResult } from '../../results/schema.js';
import { createSequenceDiagram } from '../sequence.js';
import { renderDiagram, renderEnd, type DiagramEnd } from './diagram.js';
import { LABELS, STATUS_LABELS, pointsText } from './labels.js';
import { html, type Html } from './markup.js';

export const STATUS_MARK = { passed: '✓', failed: '✗', skipped: '–', errored: '!' } as const;

/** A stable, unique anchor for a check (several reports in one page get a prefix each). */
export function checkAnchor(prefix: string, check: CheckResult): string {
  return `${prefix}${check.role}-${check.id}`.replace(/[^A-Za-z0-9_-]/g, '-');
}

function endOf(check: CheckResult): DiagramEnd | undefined {
  if (check.status === 'failed') return { kind: 'failed', message: check.message, hint: check.hint };
  // An errored check is our fault: the learner gets the explanation, never our stack trace.
  if (check.status === 'errored') return { kind: 'errored', message: check.message };
  return undefined;
}

function compareHtml(check: CheckResult, lang: Lang): Html | null {
  if (check.status !== 'failed' || (check.expected === undefined && check.actual === undefined)) return null;
  return html`<dl class="compare">${check.expected !== undefined ? html`<dt>${render(LABELS.expected, lang)}</dt><dd><pre>${check.expected}</pre></dd>` : null}${check.actual !== undefined ? html`<dt>${render(LABELS.actual, lang)}</dt><dd><pre>${check.actual.trimEnd()}</pre></dd>` : null}</dl>`;
}

export function renderCheck(check: CheckResult, anchorPrefix: string, lang: Lang): Html {
  const open = check.status === 'failed' || check.status === 'errored';
  const end = endOf(check);
  const diagram = check.transcript.length > 0 ? createSequenceDiagram(check.transcript, { role: check.role }) : undefined;
  const steps = diagram
    ? html`<section class="steps"><h4>${render(LABELS.whatHappened, lang)}</h4>${renderDiagram(diagram, end, lang)}</section>`
    : end
      ? html`<section class="steps">${renderEnd(end, lang)}</section>`
      : null;
  const message = check.status === 'passed' ? null : html`<p class="message">${check.message}</p>`;
  return html`<details class="check ${check.status}" id="${checkAnchor(anchorPrefix, check)}" data-check="${check.id}" data-status="${check.status}"${open ? html` open` : null}>
<summary><span class="status s-${check.status}"><span aria-hidden="true">${STATUS_MARK[check.status]}</span> ${render(STATUS_LABELS[check.status], lang)}</span> <span class="title">${check.title}</span>${check.status === 'passed' && check.warning ? html` <span class="status s-warning">⚠ ${render(LABELS.warning, lang)}</span>` : null} <span class="pts">${render(pointsText(check.score, check.maxScore), lang)}</span></summary>
<div class="check-body">
${message}${compareHtml(check, lang)}
${check.warning ? html`<p class="warning"><span class="tag">${render(LABELS.warning, lang)}</span> ${check.warning}</p>` : null}
${check.notes.length ? html`<ul class="notes">${check.notes.map((n) => html`<li>${n}</li>`)}</ul>` : null}
${steps}
<p class="check-id"><code>${check.role}/${check.id}</code>${check.tags.map((tag) => html` <span class="chip">${tag}</span>`)}</p>
</div>
</details>`;
}
