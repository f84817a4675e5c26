// Loads each registered exercise's cases file, so generic tests can loop over the catalogue.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInExercises as exercises } from '../../exercises/index.js';
import type { Exercise } from '../../exercises/schema.js';
import type { ExerciseCases } from './cases.js';

const graderTests = join(dirname(fileURLToPath(import.meta.url)), '..', 'graders');

export interface CatalogueEntry {
  readonly exercise: Exercise;
  /** Undefined when test/graders/<id>.cases.ts is missing (a test says so). */
  readonly cases: ExerciseCases | undefined;
}

/** Every registered exercise with its cases, in catalogue order. */
export async function loadCatalogue(): Promise<CatalogueEntry[]> {
  return Promise.all(
    exercises.map(async (exercise) => {
      // Tests run from sources (vitest) or dist: try the extension that exists beside this file.
      const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
      const file = join(graderTests, `${exercise.id}.cases.${ext}`);
      if (!existsSync(file)) return { exercise, cases: undefined };
      const module = (await import(file)) as { default: ExerciseCases };
      return { exercise, cases: module.default };
    }),
  );
}
