// `github`: for GitHub Actions. A Markdown job summary (score, a table of checks, each failure
// with its message and hint) appended to $GITHUB_STEP_SUMMARY (or written to github:FILE), and
// `::error` / `::warning` annotations on stdout, pointing at the learner's file:line when a
// message names one. Under Actions it is on by default; elsewhere only when asked for.
import { join, relative } from 'node:path';
import type { CheckResult, GradeReport } from '../results/schema.js';
import type { Emission, Reporter, ReportRun } from './reporter.js';
import { t, type Lang } from '../i18n/text.js';
import { LABELS } from './labels.js';

const WORDS = {
  header: t('| | check | role | tags | points |', '| | 检查 | 角色 | 标签 | 分数 |'),
  wrong: t('#### What went wrong', '#### 哪里出了问题'),
  hint: t('**Hint:** ', '**提示：**'),
  couldNotRun: (what: string) => t(`sockgrade could not run ${what}`, `sockgrade 无法运行 ${what}`),
};

const MARK: Record<CheckResult['status'], string> = { passed: '✅', failed: '❌', skipped: '⏭️', errored: '⚠️' };

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Workflow-command escaping: data escapes % CR LF; property values also : and ,. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A learner's file:line named in a failure (a traceback's or a call site's), if any. */
export function findLocation(check: CheckResult): { file: string; line: number } | undefined {
  const text = [check.message, check.actual ?? ''].join('\n');
  const match = /(?:^|[\s("'`])([\w.\/-]+\.(?:py|c|h|cc|cpp|js|mjs|ts|java|go|rs|rb)):(\d+)\b/.exec(text);
  return match ? { file: match[1]!, line: Number(match[2]) } : undefined;
}

function summaryOf(report: GradeReport, lang: Lang): string {
  const lines = [`### sockgrade · ${report.exercise} — ${report.title}: ${report.score}/${report.maxScore}`, ''];
  const commands = Object.entries(report.submission.commands).map(([role, command]) => `${role}: \`${command}\``);
  if (commands.length) lines.push(commands.join(' · '), '');
  lines.push(WORDS.header[lang], '| --- | --- | --- | --- | --- |');
  for (const c of report.checks) lines.push(`| ${MARK[c.status]} | ${escapeCell(c.title)} | ${c.role} | ${c.tags.join(', ')} | ${c.score}/${c.maxScore} |`);
  const failed = report.checks.filter((c) => c.status === 'failed' || c.status === 'errored');
  if (failed.length) {
    lines.push('', WORDS.wrong[lang], '');
    for (const c of failed) {
      lines.push(`<details><summary>${MARK[c.status]} ${escapeCell(c.title)} <code>${c.role}/${c.id}</code></summary>`, '');
      lines.push(c.message, '');
      if (c.expected !== undefined) lines.push('```text', `${LABELS.expected[lang]}${c.expected}`, ...(c.actual !== undefined && c.status === 'failed' ? [`${LABELS.actualAligned[lang]}${c.actual}`] : []), '```', '');
      if (c.status === 'failed') lines.push(`${WORDS.hint[lang]}${c.hint}`, '');
      lines.push('</details>', '');
    }
  }
  return lines.join('\n') + '\n';
}

function annotationsOf(report: GradeReport, workspace: string, lang: Lang): string[] {
  const out: string[] = [];
  for (const c of report.checks) {
    const title = `${report.exercise} ${c.role}/${c.id}: ${c.title}`;
    const location = findLocation(c);
    const where = location ? `,file=${escapeProperty(relative(workspace, join(report.submission.dir, location.file)))},line=${location.line}` : '';
    if (c.status === 'failed') out.push(`::error title=${escapeProperty(title)}${where}::${escapeData(`${c.message}\n${LABELS.hint[lang]}${c.hint}`)}`);
    else if (c.status === 'errored') out.push(`::warning title=${escapeProperty(WORDS.couldNotRun(`${c.role}/${c.id}`)[lang])}::${escapeData(c.message)}`);
    else if (c.status === 'passed' && c.warning) out.push(`::warning title=${escapeProperty(title)}${where}::${escapeData(c.warning)}`);
  }
  return out;
}

export const githubReporter: Reporter = {
  name: 'github',
  description: 'GitHub Actions: job summary ($GITHUB_STEP_SUMMARY or github:FILE) and annotations',
  file: 'optional',
  emit(run: ReportRun, file: string | undefined): Emission[] {
    const env = run.options.env;
    const summary = run.reports.map((r) => summaryOf(r, run.options.lang)).join('\n');
    const emissions: Emission[] = [];
    if (file) emissions.push({ to: 'file', path: file, text: summary });
    else if (env.GITHUB_STEP_SUMMARY) emissions.push({ to: 'append', path: env.GITHUB_STEP_SUMMARY, text: summary });
    else emissions.push({ to: 'stdout', text: summary });
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const annotations = run.reports.flatMap((r) => annotationsOf(r, workspace, run.options.lang));
    if (annotations.length) emissions.push({ to: 'stdout', text: annotations.join('\n') + '\n' });
    return emissions;
  },
};
