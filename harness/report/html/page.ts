// The HTML document: one submission's report (score, what went wrong, checks grouped by role and
// tag), or a batch (a summary table, then a section per submission). Everything inline: the page
// loads nothing from anywhere.
import { basename } from 'node:path';
import { render, type Lang } from '../../i18n/text.js';
import type { GradeReport } from '../../results/schema.js';
import { groupChecks } from '../grouping.js';
import { checkAnchor, renderCheck, STATUS_MARK } from './check.js';
import { formatMs } from './diagram.js';
import { LABELS, ROLE_LABELS, TAG_LABELS, UNTAGGED, countsText, pointsText } from './labels.js';
import { html, trusted, type Html } from './markup.js';
import { PRINT_SCRIPT, STYLE } from './style.js';

function percent(report: GradeReport): number {
  return report.maxScore > 0 ? Math.round((report.score / report.maxScore) * 100) : 0;
}

function scoreCard(report: GradeReport, lang: Lang): Html {
  const failed = report.checks.filter((c) => c.status === 'failed' || c.status === 'errored').length;
  const passed = report.checks.filter((c) => c.status === 'passed').length;
  const other = report.checks.length - failed - passed;
  return html`<div class="score-card">
<div class="score"><span class="score-label">${render(LABELS.score, lang)}</span> <span class="score-value">${report.score}<span class="of">/${report.maxScore}</span></span></div>
<div class="bar" role="img" aria-label="${percent(report)}%"><span style="width:${percent(report)}%"></span></div>
<p class="counts">${render(countsText(failed, passed, other), lang)}</p>
</div>`;
}

/** The first line of a message, cut for the list (the check itself shows all of it). */
function firstLine(message: string, max = 200): string {
  const line = message.split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function wrongList(report: GradeReport, prefix: string, lang: Lang): Html {
  const wrong = report.checks.filter((c) => c.status === 'failed' || c.status === 'errored');
  if (wrong.length === 0) return html`<p class="all-passed">✓ ${render(LABELS.allPassed, lang)}</p>`;
  return html`<section class="wrong"><h2>${render(LABELS.whatWentWrong, lang)}</h2><ol>${wrong.map(
    (c) => html`<li><a href="#${checkAnchor(prefix, c)}"><span class="status s-${c.status}" aria-hidden="true">${STATUS_MARK[c.status]}</span> ${c.title}</a><br><span class="why">${firstLine(c.message)}</span></li>`,
  )}</ol></section>`;
}

function aboutRun(report: GradeReport, lang: Lang): Html {
  const commands = Object.entries(report.submission.commands).map(([role, command]) => html`<dt>${render(LABELS.command, lang)} (${role})</dt><dd><code>${command}</code></dd>`);
  return html`<details class="about"><summary>${render(LABELS.aboutRun, lang)}</summary><dl>
<dt>${render(LABELS.folder, lang)}</dt><dd><code>${report.submission.dir}</code></dd>
${report.submission.build !== undefined ? html`<dt>${render(LABELS.build, lang)}</dt><dd><code>${report.submission.build}</code></dd>` : null}
${commands}
<dt>${render(LABELS.gradedAt, lang)}</dt><dd>${report.startedAt}</dd>
<dt>${render(LABELS.duration, lang)}</dt><dd>${formatMs(report.durationMs)}</dd>
${report.redirections.length ? html`<dt>${render(LABELS.redirected, lang)}</dt><dd><ul>${report.redirections.map((r) => html`<li><code>${r}</code></li>`)}</ul></dd>` : null}
</dl></details>`;
}

function checkGroups(report: GradeReport, prefix: string, lang: Lang): Html[] {
  return groupChecks(report.checks).map(
    (role) => html`<section class="role"><h2>${render(ROLE_LABELS[role.role], lang)} <span class="pts">${render(pointsText(role.score, role.maxScore), lang)}</span></h2>
${role.groups.map((group) => html`<section class="tag-group"><h3>${render(group.tag ? TAG_LABELS[group.tag] : UNTAGGED, lang)}</h3>${group.checks.map((c) => renderCheck(c, prefix, lang))}</section>`)}
</section>`,
  );
}

function legend(lang: Lang): Html {
  return html`<details class="legend"><summary>${render(LABELS.legend, lang)}</summary><ul>
<li>${render(LABELS.legendLanes, lang)}</li><li>${render(LABELS.legendArrows, lang)}</li><li>${render(LABELS.legendSignals, lang)}</li><li>${render(LABELS.legendHex, lang)}</li></ul></details>`;
}

function reportBody(report: GradeReport, prefix: string, lang: Lang, heading: 'h1' | 'h2'): Html {
  const title = html`<span class="exercise">${report.exercise}</span> — ${report.title}`;
  return html`<header class="report-head">${heading === 'h1' ? html`<h1>${title}</h1>` : html`<h2 class="submission-title">${title}</h2>`}${scoreCard(report, lang)}</header>
${wrongList(report, prefix, lang)}
${legend(lang)}
${checkGroups(report, prefix, lang)}
${aboutRun(report, lang)}`;
}

function documentOf(title: string, lang: Lang, body: Html): string {
  return html`<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${PRINT_SCRIPT.sha256}'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
<main>
${body}
<footer><p>${render(LABELS.generatedBy, lang)}</p></footer>
</main>
<script>${trusted(PRINT_SCRIPT.source)}</script>
</body>
</html>
`.value;
}

/** The page for one submission. */
export function renderReportPage(report: GradeReport, lang: Lang): string {
  return documentOf(`${report.exercise}: ${report.score}/${report.maxScore} — ${render(LABELS.documentTitle, lang)}`, lang, reportBody(report, '', lang, 'h1'));
}

/** Several submissions in one page: a table to find them, then each in its own section. */
export function renderBatchPage(reports: readonly GradeReport[], lang: Lang): string {
  const name = (r: GradeReport) => basename(r.submission.dir) || r.submission.dir;
  const rows = reports.map((r, i) => {
    const failed = r.checks.filter((c) => c.status === 'failed' || c.status === 'errored');
    return html`<tr><td><a href="#sub-${i}">${name(r)}</a></td><td>${r.exercise}</td><td class="num">${r.score}/${r.maxScore}</td><td>${failed.length ? failed.map((c, j) => html`${j ? ', ' : ''}<a href="#${checkAnchor(`s${i}-`, c)}">${c.id}</a>`) : render(LABELS.none, lang)}</td></tr>`;
  });
  const table = html`<section class="batch-summary"><h1>${render(LABELS.batchTitle, lang)}</h1><div class="table-scroll"><table><thead><tr><th>${render(LABELS.submission, lang)}</th><th>${render(LABELS.exercise, lang)}</th><th>${render(LABELS.score, lang)}</th><th>${render(LABELS.failedChecks, lang)}</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
  const sections = reports.map((r, i) => html`<article class="submission-section" id="sub-${i}"><p class="submission-name">${name(r)}</p>${reportBody(r, `s${i}-`, lang, 'h2')}</article>`);
  return documentOf(render(LABELS.batchTitle, lang), lang, html`${table}${sections}`);
}
