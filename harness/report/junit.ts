// `junit:FILE`: JUnit XML as GitLab's and GitHub actions' readers parse it: a <testsuite> per
// exercise and role, a <testcase> per check (classname `exercise.role`, name = check id), a
// <failure> with the message, <skipped> with its reason, <error> for our own failures, and the
// transcript's tail in the case's <system-out>. Points ride along as properties.
import type { CheckResult, GradeReport, CheckRole } from '../results/schema.js';
import { CHECK_ROLES } from '../results/schema.js';
import { formatTranscript } from '../transcript.js';
import type { Reporter } from './reporter.js';
import type { Lang } from '../i18n/text.js';
import { LABELS } from './labels.js';

function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const TRANSCRIPT_TAIL = 40;

function count(checks: readonly CheckResult[], status: CheckResult['status']): number {
  return checks.filter((c) => c.status === status).length;
}

function testcase(report: GradeReport, check: CheckResult, lang: Lang): string[] {
  const out = [`      <testcase classname="${escapeXml(`${report.exercise}.${check.role}`)}" name="${escapeXml(check.id)}" time="${seconds(check.durationMs)}">`];
  out.push(`        <properties><property name="title" value="${escapeXml(check.title)}"/><property name="tags" value="${escapeXml(check.tags.join(','))}"/><property name="score" value="${check.score}"/><property name="maxScore" value="${check.maxScore}"/></properties>`);
  const label = (name: keyof typeof LABELS) => LABELS[name][lang];
  const detail = [check.expected !== undefined ? `${label('expected')}${check.expected}` : '', check.actual !== undefined ? `${label('actual')}${check.actual}` : '', `${label('hint')}${check.hint}`].filter(Boolean).join('\n');
  if (check.status === 'failed') out.push(`        <failure message="${escapeXml(check.message)}" type="${escapeXml(check.tags[0] ?? 'check')}">${escapeXml(detail)}</failure>`);
  if (check.status === 'errored') out.push(`        <error message="${escapeXml(check.message)}" type="harness">${escapeXml(check.diagnostic ?? '')}</error>`);
  if (check.status === 'skipped') out.push(`        <skipped message="${escapeXml(check.message)}"/>`);
  if (check.status !== 'passed' && check.transcript.length) {
    const tail = check.transcript.slice(-TRANSCRIPT_TAIL);
    out.push(`        <system-out>${escapeXml(formatTranscript(tail, TRANSCRIPT_TAIL).join('\n'))}</system-out>`);
  }
  out.push('      </testcase>');
  return out;
}

export function formatJunitReport(reports: readonly GradeReport[], lang: Lang = 'en'): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = reports.flatMap((r) => r.checks);
  out.push(`<testsuites name="sockgrade" tests="${all.length}" failures="${count(all, 'failed')}" errors="${count(all, 'errored')}" skipped="${count(all, 'skipped')}" time="${seconds(reports.reduce((s, r) => s + r.durationMs, 0))}">`);
  for (const report of reports) {
    for (const role of CHECK_ROLES as readonly CheckRole[]) {
      const checks = report.checks.filter((c) => c.role === role);
      if (!checks.length) continue;
      const time = checks.reduce((s, c) => s + c.durationMs, 0);
      const score = checks.reduce((s, c) => s + c.score, 0);
      const max = checks.reduce((s, c) => s + c.maxScore, 0);
      out.push(`  <testsuite name="${escapeXml(`${report.exercise}.${role}`)}" tests="${checks.length}" failures="${count(checks, 'failed')}" errors="${count(checks, 'errored')}" skipped="${count(checks, 'skipped')}" time="${seconds(time)}" timestamp="${report.startedAt}">`);
      out.push(`    <properties><property name="submission" value="${escapeXml(report.submission.dir)}"/><property name="score" value="${score}"/><property name="maxScore" value="${max}"/></properties>`);
      for (const check of checks) out.push(...testcase(report, check, lang));
      out.push('  </testsuite>');
    }
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

export const junitReporter: Reporter = {
  name: 'junit',
  description: 'JUnit XML for CI test tabs (a testsuite per exercise and role, a testcase per check)',
  file: 'required',
  emit: (run, file) => [{ to: 'file', path: file!, text: formatJunitReport(run.reports, run.options.lang) }],
};
