// The JSON report's published JSON Schema, generated from the zod model so the two cannot drift.
// `npm run build` writes it to schema/report.schema.json (shipped in the package); a test checks
// the committed file is current and that reports validate against it.
import { z } from 'zod';
import { GradeReportJsonSchema, REPORT_VERSION } from './schema.js';
import { GradeReportSchema } from '../results/schema.js';

const BatchReportJsonSchema = z.object({ version: z.literal(REPORT_VERSION), reports: z.array(GradeReportJsonSchema) });

/** The schema of what `--json` writes: one report (grade) or `{ version, reports }` (batch). */
export function createReportJsonSchema(): Record<string, unknown> {
  const single = z.object({ version: z.literal(REPORT_VERSION) }).extend(GradeReportSchema.unwrap().shape);
  const schema = z.toJSONSchema(z.union([single, BatchReportJsonSchema.extend({ reports: z.array(single) })]), { io: 'output' });
  return {
    ...schema,
    $id: 'https://sockgrade.invalid/schema/report.schema.json',
    title: 'sockgrade JSON report',
    description: `What sockgrade grade --json (one report) and sockgrade batch --json ({ version, reports }) write. Version ${REPORT_VERSION}; fields are only ever added.`,
  };
}

export function formatReportJsonSchema(): string {
  return JSON.stringify(createReportJsonSchema(), null, 2) + '\n';
}
