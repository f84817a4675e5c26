// The terminal report, in check50's manner: one line per check, then for each failure what
// happened, a hint, and the end of the transcript; a score per role and in all.
import type { GradeReport } from '../results/schema.js';
import { paint as paintIf, type Style } from './ansi.js';
import { groupChecks } from './grouping.js';
import { ROLE_LABELS, TAG_LABELS, UNTAGGED } from './labels.js';
import type { Reporter } from './reporter.js';
import type { CheckResult, CheckStatus } from '../results/schema.js';
import { formatTranscript } from '../transcript.js';
import { render, t, type Lang } from '../i18n/text.js';
import { ROLE_WORDS } from '../i18n/words.js';
import { LABELS, transcriptTail } from './labels.js';

export interface TerminalOptions {
  readonly color: boolean;
  /** The language of the labels (default `en`); the checks' words are already in the report's. */
  readonly lang?: Lang;
  /** Show every transcript event of failed checks (default: the last few). */
  readonly verbose: boolean;
}

const MARK: Record<CheckStatus, string> = { passed: ':)', failed: ':(', skipped: ':|', errored: ':/' };
const COLOR: Record<CheckStatus, Style> = { passed: 'green', failed: 'red', skipped: 'yellow', errored: 'magenta' };
const TAIL_EVENTS = 12;

const WORDS = {
  build: t('build: ', '构建：'),
  in: (dir: string) => t(`in ${dir}`, `位于 ${dir}`),
  redirected: t('hard-coded addresses were redirected (--no-redirect turns this off):', '写死的地址已被重定向（--no-redirect 可关闭）：'),
  took: (seconds: string) => t(`in ${seconds} s`, `用时 ${seconds} s`),
  errored: (n: number) => t(
    `${n} check(s) could not be run by sockgrade itself; their points are not the program's fault. Please report it.`,
    `有 ${n} 项检查 sockgrade 自身无法运行；这些分数不是程序的错。请报告这个问题。`,
  ),
  containment: (note: string) => t(`note: process trees are contained by process group only (${note})`, `注意：进程树只按进程组加以约束（${note}）`),
};

export function formatCheckLine(check: CheckResult, options: TerminalOptions): string[] {
  const paint = (style: Style, text: string) => paintIf(options.color, style, text);
  const lang = options.lang ?? 'en';
  const label = (name: keyof typeof LABELS) => LABELS[name][lang];
  const points = `${check.score}/${check.maxScore}`;
  const lines = [`${paint(COLOR[check.status], `${MARK[check.status]} ${check.title}`)}  ${paint('dim', `[${check.role}/${check.id}] ${points}`)}`];
  const indent = (text: string) => text.split('\n').map((l) => `    ${l}`);
  if (check.status === 'passed') {
    if (check.warning) lines.push(...indent(paint('yellow', `${label('warning')}${check.warning}`)));
  } else {
    lines.push(...indent(check.message));
    if (check.expected !== undefined) lines.push(...indent(`${label('expected')}${check.expected}`));
    if (check.actual !== undefined && check.status === 'failed') lines.push(...indent(`${label('actualAligned')}${check.actual.trimEnd()}`));
    if (check.status === 'failed') lines.push(...indent(paint('cyan', `${label('hint')}${check.hint}`)));
    if (check.status === 'errored' && options.verbose && check.diagnostic) lines.push(...indent(check.diagnostic));
  }
  for (const note of check.notes) lines.push(...indent(paint('dim', note)));
  if (check.status === 'failed' && check.transcript.length) {
    const events = options.verbose ? check.transcript : check.transcript.slice(-TAIL_EVENTS);
    const title = options.verbose || events.length === check.transcript.length ? label('transcript') : transcriptTail(events.length, check.transcript.length)[lang];
    lines.push(...indent(paint('dim', title)), ...formatTranscript(events, options.verbose ? 400 : TAIL_EVENTS).map((l) => paint('dim', `    ${l}`)));
  }
  return lines;
}

export function formatTerminalReport(report: GradeReport, options: TerminalOptions): string {
  const paint = (style: Style, text: string) => paintIf(options.color, style, text);
  const lang = options.lang ?? 'en';
  const lines = [paint('bold', `sockgrade · ${report.exercise} — ${report.title}`)];
  if (report.submission.build !== undefined) lines.push(paint('dim', `${WORDS.build[lang]}${report.submission.build}`));
  for (const [role, command] of Object.entries(report.submission.commands)) lines.push(paint('dim', `${role}: ${command}`));
  lines.push(paint('dim', WORDS.in(report.submission.dir)[lang]));
  if (report.redirections.length) {
    lines.push(paint('dim', WORDS.redirected[lang]), ...report.redirections.map((r) => paint('dim', `  ${r}`)));
  }
  lines.push('');
  // The same grouping as the HTML report: by role, then by the check's first tag.
  for (const role of groupChecks(report.checks)) {
    lines.push(paint('bold', `${render(ROLE_LABELS[role.role], options.lang ?? 'en')}  ${role.score}/${role.maxScore}`));
    for (const group of role.groups) {
      lines.push(paint('dim', `── ${render(group.tag ? TAG_LABELS[group.tag] : UNTAGGED, options.lang ?? 'en')}`));
      for (const check of group.checks) lines.push(...formatCheckLine(check, options));
    }
  }
  lines.push('');
  const roles = [...new Set(report.checks.map((c) => c.role))];
  const perRole = roles.map((role) => {
    const checks = report.checks.filter((c) => c.role === role);
    return `${ROLE_WORDS[role][lang]} ${checks.reduce((s, c) => s + c.score, 0)}/${checks.reduce((s, c) => s + c.maxScore, 0)}`;
  });
  const errored = report.checks.filter((c) => c.status === 'errored').length;
  lines.push(paint('bold', `${LABELS.score[lang]}${report.score}/${report.maxScore}`) + (roles.length > 1 ? `  (${perRole.join(', ')})` : '') + paint('dim', `  ${WORDS.took((report.durationMs / 1000).toFixed(1))[lang]}`));
  if (errored) lines.push(paint('magenta', WORDS.errored(errored)[lang]));
  if (report.environment.containmentNote) lines.push(paint('dim', WORDS.containment(report.environment.containmentNote)[lang]));
  return lines.join('\n') + '\n';
}

export const terminalReporter: Reporter = {
  name: 'terminal',
  description: "the check-by-check report on the terminal (check50's :) and :( marks)",
  file: 'optional',
  emit: (run, file) => {
    const text = run.reports.map((r) => formatTerminalReport(r, { color: !file && run.options.color, verbose: run.options.verbose, lang: run.options.lang })).join('\n');
    return [file ? { to: 'file', path: file, text } : { to: 'stdout', text }];
  },
};
