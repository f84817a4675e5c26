// The shapes the course platforms publish for their results files, written from their
// documentation (Gradescope autograder specs.md; PrairieLearn externalGrading.md), so a test can
// hold our outputs to them. Strict: a field they do not define is an error.
import { z } from 'zod';

const gradescopeFormat = z.enum(['text', 'html', 'simple_format', 'md', 'ansi']);
const gradescopeVisibility = z.enum(['hidden', 'after_due_date', 'after_published', 'visible']);

export const GradescopeResultsSpec = z.strictObject({
  score: z.number().optional(),
  execution_time: z.number().optional(),
  output: z.string().optional(),
  output_format: gradescopeFormat.optional(),
  test_output_format: gradescopeFormat.optional(),
  test_name_format: gradescopeFormat.optional(),
  visibility: gradescopeVisibility.optional(),
  stdout_visibility: gradescopeVisibility.optional(),
  extra_data: z.record(z.string(), z.unknown()).optional(),
  tests: z.array(z.strictObject({
    score: z.number().optional(),
    max_score: z.number().optional(),
    status: z.enum(['passed', 'failed']).optional(),
    name: z.string().optional(),
    name_format: gradescopeFormat.optional(),
    number: z.string().optional(),
    output: z.string().optional(),
    output_format: gradescopeFormat.optional(),
    tags: z.array(z.string()).optional(),
    visibility: gradescopeVisibility.optional(),
    extra_data: z.record(z.string(), z.unknown()).optional(),
  })).optional(),
}).refine((r) => r.score !== undefined || (r.tests ?? []).every((t) => t.score !== undefined), 'a score at the top or on every test');

export const PrairieLearnResultsSpec = z.strictObject({
  gradable: z.boolean().optional(),
  score: z.number().min(0).max(1),
  format_errors: z.union([z.string(), z.array(z.string())]).optional(),
  message: z.string().optional(),
  output: z.string().optional(),
  images: z.array(z.union([z.string(), z.object({ label: z.string().optional(), url: z.string() })])).optional(),
  tests: z.array(z.strictObject({
    name: z.string(),
    description: z.string().optional(),
    points: z.number().optional(),
    max_points: z.number().optional(),
    message: z.string().optional(),
    output: z.string().optional(),
    images: z.array(z.unknown()).optional(),
  })).optional(),
});
