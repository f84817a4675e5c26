// The JSON report (`--json`): the result model with a version. The contract CI scripts rely on.
import { z } from 'zod';
import { GradeReportSchema } from '../results/schema.js';

export const REPORT_VERSION = 1;

export { CheckResultSchema as CheckReportSchema, TranscriptEventSchema } from '../results/schema.js';

export const GradeReportJsonSchema = z.object({ version: z.literal(REPORT_VERSION) }).and(GradeReportSchema);
export type GradeReportJson = z.infer<typeof GradeReportJsonSchema>;
