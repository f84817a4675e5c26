// sockgrade.json in a submission folder: which exercise it is and how to run each role.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

export const ManifestSchema = z
  .object({
    exercise: z.string().min(1),
    server: z.string().min(1).optional(),
    client: z.string().min(1).optional(),
    /** Run once per grading before the checks, in a fresh copy of the folder: `make`, `javac -d build *.java`. */
    build: z.string().min(1).optional(),
    /** Free text for people: what this submission is. */
    description: z.string().optional(),
  })
  .strict();

export type Manifest = z.infer<typeof ManifestSchema>;

/** Reads DIR/sockgrade.json if there is one; a broken one is a clear error, not a crash. */
export function readManifest(dir: string): Manifest | undefined {
  const file = join(dir, 'sockgrade.json');
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ManifestError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ManifestSchema.safeParse(data);
  if (!parsed.success) throw new ManifestError(`${file} is invalid: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}
