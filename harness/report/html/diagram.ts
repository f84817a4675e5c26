// A sequence diagram as a CSS grid: a time column, then one column per lifeline. Arrows span the
// columns between their two lifelines; marks sit on one. Plain HTML, so text wraps, can be
// selected and printed, and needs no script.
import { render, type Lang } from '../../i18n/text.js';
import type { Lane, Preview, SequenceDiagram, SequenceRow, Site } from '../sequence.js';
import { LABELS, MARK_LABELS, SIGNAL_LABELS, bytesText, transferText } from './labels.js';
import { html, type Html } from './markup.js';

/** What ends the diagram: the failure, visibly marked. */
export interface DiagramEnd {
  readonly kind: 'failed' | 'errored';
  readonly message: string;
  readonly hint?: string;
}

/** 8388608 → "8 388 608" (a thin space never reads as a decimal point in either language). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

function laneLabel(lane: Lane, lang: Lang): string {
  return render(lane.kind === 'submission' ? LABELS.yourProgram : LABELS.ourPeer, lang);
}

function previewHtml(preview: Preview, lang: Lang): Html {
  const more = preview.omittedBytes > 0 ? html`<span class="more">… +${groupDigits(preview.omittedBytes)} ${render(LABELS.moreBytes, lang)}</span>` : null;
  if (preview.form === 'described') return html`<code class="bytes">${preview.text}</code>`;
  if (preview.form === 'hex') return html`<code class="bytes hex" title="${render(LABELS.hex, lang)}"><span class="tag">${render(LABELS.hex, lang)}</span> ${preview.text}</code>${more}`;
  return html`<code class="bytes">“${preview.text}”</code>${more}`;
}

function siteHtml(site: Site | undefined, lang: Lang): Html | null {
  if (!site) return null;
  return html`<div class="site"><span class="tag">${render(LABELS.calledAt, lang)}</span> <code>${site.file}:${site.line}</code> <code>${site.source?.trim() || site.call}</code></div>`;
}

function timeCell(row: SequenceRow & { at: number; sincePrevious: number }, gridRow: number, first: boolean): Html {
  const shown = first ? formatMs(row.at) : `+${formatMs(row.sincePrevious)}`;
  return html`<div class="time" style="grid-row:${gridRow}" title="${formatMs(row.at)}">${shown}</div>`;
}

function arrow(diagram: SequenceDiagram, from: string, to: string, gridRow: number, classes: string, body: Html): Html {
  const a = diagram.lanes.findIndex((l) => l.actor === from);
  const b = diagram.lanes.findIndex((l) => l.actor === to);
  const [left, right] = a <= b ? [a, b] : [b, a];
  const span = right - left + 1;
  const direction = a <= b ? 'ltr' : 'rtl';
  return html`<div class="arrow ${direction} ${classes}" style="grid-row:${gridRow};grid-column:${left + 2} / span ${span};--span:${span}" data-from="${from}" data-to="${to}"><span class="visually-hidden">${from} → ${to}:</span>${body}<div class="line" aria-hidden="true"></div></div>`;
}

function mark(diagram: SequenceDiagram, actor: string, gridRow: number, classes: string, label: string, body: Html): Html {
  const lane = diagram.lanes.findIndex((l) => l.actor === actor);
  // sockgrade's remarks (no lifeline of their own) stretch across the diagram.
  const column = lane < 0 ? `2 / span ${diagram.lanes.length}` : `${lane + 2}`;
  return html`<div class="mark ${classes}${lane < 0 ? ' wide' : ''}" style="grid-row:${gridRow};grid-column:${column}" data-actor="${actor}"><span class="tag">${label}</span> ${body}</div>`;
}

function rowHtml(diagram: SequenceDiagram, row: SequenceRow, gridRow: number, lang: Lang): Html {
  const all = `grid-row:${gridRow};grid-column:2 / span ${diagram.lanes.length}`;
  switch (row.kind) {
    case 'gap':
      return html`<div class="gap" style="${all}"><span>${render(LABELS.pause, lang)} ${formatMs(row.ms)}</span></div>`;
    case 'omitted':
      return html`<div class="gap omitted" style="${all}"><span>… ${groupDigits(row.rows)} ${render(LABELS.rowsOmitted, lang)} …</span></div>`;
    case 'data': {
      const size = row.summarised
        ? render(transferText(groupDigits(row.bytes), row.pieces, (row.spanMs / 1000).toFixed(1)), lang)
        : render(bytesText(groupDigits(row.bytes), row.bytes), lang);
      return arrow(diagram, row.from, row.to, gridRow, `data${row.summarised ? ' summarised' : ''}`, html`<div class="label">${previewHtml(row.preview, lang)} <span class="size">${size}</span></div>${siteHtml(row.site, lang)}`);
    }
    case 'signal':
      return arrow(diagram, row.from, row.to, gridRow, `signal ${row.signal}`, html`<div class="label" title="${row.text}"><span class="tag">${render(SIGNAL_LABELS[row.signal], lang)}</span></div>${siteHtml(row.site, lang)}`);
    case 'io':
      return mark(diagram, row.actor, gridRow, `io ${row.stream}`, render(MARK_LABELS[row.stream], lang), html`${previewHtml(row.preview, lang)}`);
    case 'mark':
      return mark(diagram, row.actor, gridRow, `m-${row.mark}`, render(MARK_LABELS[row.mark], lang), html`<span class="text">${row.text}</span>${siteHtml(row.site, lang)}`);
  }
}

/** The failure (message and hint), marked in words and by its frame, not by colour alone. */
export function renderEnd(end: DiagramEnd, lang: Lang, style = ''): Html {
  return html`<div class="end ${end.kind}" style="${style}" role="note"><strong class="end-title">✗ ${render(end.kind === 'failed' ? LABELS.failedHere : LABELS.erroredHere, lang)}</strong><p class="end-message">${end.message}</p>${end.hint ? html`<p class="end-hint"><span class="tag">${render(LABELS.hint, lang)}</span> ${end.hint}</p>` : null}</div>`;
}

/** The whole diagram, ending at the failure when there is one. */
export function renderDiagram(diagram: SequenceDiagram, end: DiagramEnd | undefined, lang: Lang): Html {
  const rows = diagram.rows;
  const lastRow = rows.length + 1 + (end ? 1 : 0);
  const lanes = diagram.lanes.map((lane, i) => html`<div class="lane-head ${lane.kind}" style="grid-row:1;grid-column:${i + 2}"><strong>${lane.actor}</strong><small>${laneLabel(lane, lang)}</small></div><div class="lifeline ${lane.kind}" style="grid-row:2 / ${lastRow + 1};grid-column:${i + 2}" aria-hidden="true"></div>`);
  let firstTimed = true;
  const body = rows.map((row, i) => {
    const gridRow = i + 2;
    const time = 'at' in row ? timeCell(row, gridRow, firstTimed) : null;
    if ('at' in row) firstTimed = false;
    return html`${time}${rowHtml(diagram, row, gridRow, lang)}`;
  });
  const endHtml = end ? renderEnd(end, lang, `grid-row:${lastRow};grid-column:2 / span ${diagram.lanes.length}`) : null;
  // Equal lifeline columns: a definite width (never below 9.5rem a lane, so a phone scrolls the
  // diagram rather than squeezing it) keeps long marks from widening their own column.
  const columns = `4.5rem repeat(${diagram.lanes.length}, minmax(0, 1fr))`;
  const width = `max(100%, ${4.5 + 9.5 * diagram.lanes.length}rem)`;
  return html`<div class="diagram-scroll"><div class="diagram" style="grid-template-columns:${columns};width:${width}" data-lanes="${diagram.lanes.length}"><div class="time head" style="grid-row:1">${render(LABELS.time, lang)}</div>${lanes}${body}${endHtml}</div></div>`;
}
