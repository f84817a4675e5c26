// A course's own exercises: the modules a config names under `exerciseModules` are loaded by the
// same loader as `--exercises-from` (exercise-modules.ts: exports checked, references found) and
// registered in the catalogue for every command of this process.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { registerExercises } from '../../exercises/index.js';
import { ExerciseModuleError, loadExerciseModules as loadModules } from './exercise-modules.js';
import { ConfigError } from './config.js';

/** The already-loaded modules, by absolute path: a process loads each once (grade in a batch child, list, …). */
const loaded = new Set<string>();

/**
 * Imports each module (paths relative to the config's folder) and registers its exercises.
 * Returns the modules' texts, which belong to each learner's fingerprint: a changed exercise
 * means every learner is graded again.
 */
export async function loadExerciseModules(configFile: string, baseDir: string, paths: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const [i, path] of paths.entries()) {
    const where = `${configFile}: exerciseModules[${i}] (${JSON.stringify(path)})`;
    const full = resolve(baseDir, path);
    if (!existsSync(full)) throw new ConfigError(`${where}: no such file`);
    texts.push(readFileSync(full, 'utf8'));
    if (loaded.has(full)) continue;
    try {
      registerExercises(await loadModules([full], baseDir));
    } catch (error) {
      if (error instanceof ExerciseModuleError || (error as Error).name === 'ExerciseDefinitionError') throw new ConfigError(`${where}: ${(error as Error).message}`);
      throw error;
    }
    loaded.add(full);
  }
  return texts;
}
