// A course's own exercises: modules the assignment config names, each exporting what
// defineExercise made. Everything that can be wrong with such a module is the instructor's to fix,
// so each error names the file and says what to change; nothing is half-loaded.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROLES } from '../check/types.js';
import { isExercise, type Exercise } from '../../exercises/schema.js';
import { findExercise } from '../../exercises/index.js';

/** A module that cannot give its exercises: the user's error (exit 2), naming the file. */
export class ExerciseModuleError extends Error {
  override readonly name = 'ExerciseModuleError';
}

const EXPECTED = "export default defineExercise({ … }) (or export const exercises = [ … ]) with defineExercise imported from 'sockgrade'";

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object not made by defineExercise';
  return `a ${typeof value}`;
}

/** The exercises a loaded module exports: its `default`, else its `exercises`, an exercise or an array of them. */
function exercisesOf(file: string, namespace: Record<string, unknown>): Exercise[] {
  const name = 'default' in namespace ? 'default' : 'exercises' in namespace ? 'exercises' : undefined;
  if (!name) throw new ExerciseModuleError(`${file} exports no exercise: write ${EXPECTED}`);
  const value = namespace[name];
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length === 0) throw new ExerciseModuleError(`${file}: its ${name} export is an empty array; export at least one exercise`);
  return list.map((item, i) => {
    if (isExercise(item)) return item;
    const where = Array.isArray(value) ? `item ${i} of its ${name} export` : `its ${name} export`;
    throw new ExerciseModuleError(`${file}: ${where} is ${describeValue(item)}; write ${EXPECTED}`);
  });
}

/** A reference whose file is missing is found at load time, not as an error in every check. */
function checkReferences(file: string, exercise: Exercise): void {
  for (const role of ROLES) {
    const reference = exercise.roles[role]?.reference;
    if (reference !== undefined && typeof reference !== 'string' && !existsSync(reference.file)) {
      throw new ExerciseModuleError(`${file}: exercise ${exercise.id}'s reference ${role} ${reference.file} does not exist`);
    }
  }
  if (exercise.fixturesDir !== undefined) {
    for (const fixture of exercise.fixtures) {
      if (!existsSync(resolve(exercise.fixturesDir, fixture))) throw new ExerciseModuleError(`${file}: exercise ${exercise.id}'s fixture ${fixture} is not in ${exercise.fixturesDir}`);
    }
  } else if (exercise.fixtures.length > 0) {
    throw new ExerciseModuleError(`${file}: exercise ${exercise.id} lists fixtures but no fixturesDir: add fixturesDir: new URL('./fixtures/', import.meta.url)`);
  }
}

/**
 * Imports each module (paths relative to `baseDir`, the assignment config's folder) and returns
 * their exercises in order, for `registerExercises`. Throws ExerciseModuleError naming the file
 * for a missing module, one that fails to load (a syntax error, a broken defineExercise) or one
 * that exports no exercise, and for two exercises with one id.
 */
export async function loadExerciseModules(paths: readonly string[], baseDir: string): Promise<Exercise[]> {
  const loaded: Exercise[] = [];
  const origin = new Map<string, string>();
  for (const path of paths) {
    const file = isAbsolute(path) ? path : resolve(baseDir, path);
    if (!existsSync(file)) throw new ExerciseModuleError(`exercise module ${path} not found (looked for ${file})`);
    if (!statSync(file).isFile()) throw new ExerciseModuleError(`exercise module ${file} is not a file`);
    let namespace: Record<string, unknown>;
    try {
      namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
      // A sockgrade run with npx or installed globally is not where the module looks for imports.
      const missingSockgrade = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && /Cannot find package 'sockgrade'/.test(message);
      const advice = missingSockgrade ? ` (install sockgrade where the module can import it: npm install sockgrade in ${dirname(file)} or a folder above it)` : '';
      throw new ExerciseModuleError(`exercise module ${file} failed to load: ${message.replace(/\n/g, ' ')}${advice}`);
    }
    for (const exercise of exercisesOf(file, namespace)) {
      checkReferences(file, exercise);
      const known = findExercise(exercise.id);
      if (known && known !== exercise) throw new ExerciseModuleError(`${file}: the exercise id ${exercise.id} is already taken (sockgrade list shows the ids in use); choose another`);
      const earlier = origin.get(exercise.id);
      if (earlier) throw new ExerciseModuleError(`${file}: exercise id ${exercise.id} is also defined in ${earlier}`);
      origin.set(exercise.id, file);
      loaded.push(exercise);
    }
  }
  return loaded;
}
