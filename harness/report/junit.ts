// `--junit FILE`: JUnit XML for CI test tabs (GitLab, GitHub actions). One <testsuite> per
// exercise, one <testcase> per check named `role/id`; points ride along as properties.
import type { GradeReport } from '../results/schema.js';
import { formatTranscript } from '../transcript.js';

function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function formatJunitReport(reports: readonly GradeReport[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = reports.flatMap((r) => r.checks);
  const count = (status: string) => all.filter((c) => c.status === status).length;
  out.push(`<testsuites name="sockgrade" tests="${all.length}" failures="${count('failed')}" errors="${count('errored')}" skipped="${count('skipped')}" time="${seconds(reports.reduce((s, r) => s + r.durationMs, 0))}">`);
  for (const report of reports) {
    const c = (status: string) => report.checks.filter((x) => x.status === status).length;
    out.push(`  <testsuite name="${escapeXml(report.exercise)}" tests="${report.checks.length}" failures="${c('failed')}" errors="${c('errored')}" skipped="${c('skipped')}" time="${seconds(report.durationMs)}" timestamp="${report.startedAt}">`);
    out.push(`    <properties><property name="score" value="${report.score}"/><property name="maxScore" value="${report.maxScore}"/></properties>`);
    for (const check of report.checks) {
      out.push(`    <testcase classname="${escapeXml(`${report.exercise}.${check.role}`)}" name="${escapeXml(check.id)}" time="${seconds(check.durationMs)}">`);
      out.push(`      <properties><property name="title" value="${escapeXml(check.title)}"/><property name="tags" value="${escapeXml(check.tags.join(','))}"/><property name="score" value="${check.score}"/><property name="maxScore" value="${check.maxScore}"/></properties>`);
      const detail = [check.expected !== undefined ? `expected: ${check.expected}` : '', check.actual !== undefined ? `actual: ${check.actual}` : '', `hint: ${check.hint}`].filter(Boolean).join('\n');
      if (check.status === 'failed') out.push(`      <failure message="${escapeXml(check.message)}" type="${escapeXml(check.tags[0] ?? 'check')}">${escapeXml(detail)}</failure>`);
      if (check.status === 'errored') out.push(`      <error message="${escapeXml(check.message)}" type="harness">${escapeXml(check.diagnostic ?? '')}</error>`);
      if (check.status === 'skipped') out.push(`      <skipped message="${escapeXml(check.message)}"/>`);
      if (check.status !== 'passed' && check.transcript.length) {
        out.push(`      <system-out>${escapeXml(formatTranscript(check.transcript, 80).join('\n'))}</system-out>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
