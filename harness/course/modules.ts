// A course's own exercises: the modules a config names under `exerciseModules` are imported and
// their exercises registered in the catalogue, for every command of this process.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerExercises } from '../../exercises/index.js';
import type { Exercise } from '../../exercises/schema.js';
import { ConfigError } from './config.js';

/** Something shaped like defineExercise's result (its checks were validated when it was defined). */
function isExercise(value: unknown): value is Exercise {
  const v = value as Partial<Exercise> | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && Array.isArray(v.checks) && typeof v.roles === 'object';
}

function exercisesOf(module: Record<string, unknown>): Exercise[] | undefined {
  const exported = module.default ?? module.exercises;
  if (exported === undefined) return undefined;
  const list = Array.isArray(exported) ? exported : [exported];
  return list.every(isExercise) ? list : undefined;
}

/** The already-loaded modules, by absolute path: a process loads each once (grade in a batch child, list, …). */
const loaded = new Map<string, readonly Exercise[]>();

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
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`${where}: cannot be imported: ${(error as Error).message.split('\n')[0]}`);
    }
    const list = exercisesOf(module);
    if (!list) throw new ConfigError(`${where}: exports no exercise: export an Exercise (defineExercise) or an array of them as "default" or "exercises"`);
    try {
      registerExercises(list);
    } catch (error) {
      throw new ConfigError(`${where}: ${(error as Error).message}`);
    }
    loaded.set(full, list);
  }
  return texts;
}
