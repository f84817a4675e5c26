// `--json FILE`: the full report, validated against its schema before it is written.
import type { GradeReport } from '../check/runner.js';
import { GradeReportSchema, REPORT_VERSION, type GradeReportJson } from './schema.js';

export function createJsonReport(report: GradeReport): GradeReportJson {
  return GradeReportSchema.parse({ version: REPORT_VERSION, ...report });
}

export function formatJsonReport(report: GradeReport): string {
  return JSON.stringify(createJsonReport(report), null, 2) + '\n';
}
