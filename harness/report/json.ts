// `--json FILE`: the full report, validated against its schema before it is written.
import type { GradeReport } from '../results/schema.js';
import type { Reporter } from './reporter.js';
import { GradeReportJsonSchema, REPORT_VERSION, type GradeReportJson } from './schema.js';

export function createJsonReport(report: GradeReport): GradeReportJson {
  return GradeReportJsonSchema.parse({ version: REPORT_VERSION, ...report });
}

export function formatJsonReport(report: GradeReport): string {
  return JSON.stringify(createJsonReport(report), null, 2) + '\n';
}

/** `batch --json FILE`: every submission's report in one document, in folder order. */
export function formatBatchJsonReport(reports: readonly GradeReport[]): string {
  return JSON.stringify({ version: REPORT_VERSION, reports: reports.map(createJsonReport) }, null, 2) + '\n';
}

export const jsonReporter: Reporter = {
  name: 'json',
  description: 'the full report as JSON (schema/report.schema.json); a batch writes every report in one file',
  file: 'required',
  emit: (run, file) => [{ to: 'file', path: file!, text: run.batch ? formatBatchJsonReport(run.reports) : formatJsonReport(run.reports[0]!) }],
};
