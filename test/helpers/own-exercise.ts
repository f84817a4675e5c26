// The worked example of a course's own exercise (docs/examples/login-lines), graded the way an
// instructor grades it: through the sockgrade command with --exercises-from. Shared by the test
// in the repository and the one against an installed tarball.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { GradeReportJsonSchema } from '../../harness/report/schema.js';
import { projectRoot } from '../../harness/paths.js';
import { runCli, type CliRun } from './cli.js';

export const LOGIN_LINES_DIR = join(projectRoot, 'docs', 'examples', 'login-lines');

/** learners/expected.json: each learner folder and the check its bug fails (null: a right program). */
export function readExpectations(exampleDir: string): Record<string, string | null> {
  const expected = z.record(z.string(), z.string().nullable()).parse(JSON.parse(readFileSync(join(exampleDir, 'learners', 'expected.json'), 'utf8')));
  const folders = readdirSync(join(exampleDir, 'learners'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const unlisted = folders.filter((f) => !(f in expected));
  if (unlisted.length) throw new Error(`learners/${unlisted.join(', ')} not in learners/expected.json`);
  return expected;
}

export interface GradedRun {
  readonly run: CliRun;
  readonly report: z.infer<typeof GradeReportJsonSchema> | undefined;
}

/** `sockgrade grade login-lines --exercises-from exercise.mjs …` in the example's folder, its JSON report parsed. */
export async function gradeWithExample(exampleDir: string, server: { reference: true } | { learner: string }, jsonFile: string, options: { cli?: string } = {}): Promise<GradedRun> {
  const args = ['grade', 'login-lines', '--exercises-from', 'exercise.mjs', '--json', jsonFile, '-q', '--sandbox', 'off'];
  args.push(...('reference' in server ? ['--server', 'reference'] : ['--cwd', join('learners', server.learner)]));
  const run = await runCli(args, { cwd: exampleDir, ...(options.cli ? { cli: options.cli } : {}) });
  let report: GradedRun['report'];
  try {
    report = GradeReportJsonSchema.parse(JSON.parse(readFileSync(jsonFile, 'utf8')));
  } catch {
    report = undefined;
  }
  return { run, report };
}

/** Check ids of a report by status. */
export function statusOf(report: NonNullable<GradedRun['report']>): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}
