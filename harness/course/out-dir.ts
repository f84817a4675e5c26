// A batch's out dir:
//   batch.json           which folder list, which shard of it, the gradebook's columns (manifest.ts)
//   gradebook.csv        written at the end of every run (gradebook.ts)
//   reports/<learner>.json   the learner's reports ({ version, reports, problems }), .txt: as the terminal shows them
//   state/<learner>.json     the learner's fingerprint and gradebook row: written last, so its
//                            presence means the learner's reports are complete
// Every file is written aside and renamed over its name: a kill leaves the old file or the new
// one, never half of one (only a *.tmp, removed by the next run).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../cli/outputs.js';
import { LANGS } from '../i18n/text.js';
import { ProblemSchema } from './outcome.js';

export const reportsDir = (out: string) => join(out, 'reports');
export const stateDir = (out: string) => join(out, 'state');
export const reportPath = (out: string, learner: string) => join(reportsDir(out), `${learner}.json`);
export const textPath = (out: string, learner: string) => join(reportsDir(out), `${learner}.txt`);
export const statePath = (out: string, learner: string) => join(stateDir(out), `${learner}.json`);
export const manifestPath = (out: string) => join(out, 'batch.json');
export const gradebookPath = (out: string) => join(out, 'gradebook.csv');

export const ColumnSchema = z.object({ id: z.string(), maxScore: z.number() });

export const BatchManifestSchema = z.object({
  version: z.literal(1),
  sockgrade: z.string(),
  /** Every learner folder of the batch, sorted: what the shards together must cover. */
  folders: z.array(z.string()),
  shard: z.object({ index: z.number().int(), count: z.number().int() }),
  /** The folders this out dir grades. */
  members: z.array(z.string()),
  /** A hash of the assignment and the grading flags: shards of one batch share it. */
  settings: z.string(),
  /** The assignment's exercises, or null when each folder says its own (sockgrade.json). */
  columns: z.array(ColumnSchema).nullable(),
  lang: z.enum(LANGS),
  /** How learners graded at the same time were kept apart, and why not when they were not. */
  isolation: z.object({ learners: z.enum(['own-network-namespace', 'shared-network']), note: z.string().optional() }),
});
export type BatchManifest = z.infer<typeof BatchManifestSchema>;

export const LearnerStateSchema = z.object({
  version: z.literal(1),
  learner: z.string(),
  fingerprint: z.string(),
  scores: z.record(z.string(), z.object({ score: z.number(), maxScore: z.number() })),
  problems: z.array(ProblemSchema),
});
export type LearnerState = z.infer<typeof LearnerStateSchema>;

function readJson<T>(file: string, schema: z.ZodType<T>): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const readManifestFile = (out: string) => readJson(manifestPath(out), BatchManifestSchema);
export const readLearnerState = (out: string, learner: string) => readJson(statePath(out, learner), LearnerStateSchema);

export function writeJson(file: string, value: unknown): void {
  writeFileAtomically(file, JSON.stringify(value, null, 2) + '\n');
}

/** Removes what a killed run left half-written (*.tmp) and the results of learners no longer in the batch. */
export function tidyOutDir(out: string, members: ReadonlySet<string>): void {
  for (const dir of [out, reportsDir(out), stateDir(out)]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const stale = dir !== out && !members.has(name.replace(/\.(json|txt)$/, ''));
      if (name.endsWith('.tmp') || stale) rmSync(join(dir, name), { force: true });
    }
  }
}
