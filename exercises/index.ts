// The catalogue: the one place an exercise is registered. `sockgrade list`, `grade`, the tests
// and the bench all read it, so an exercise exists everywhere or nowhere.
import { ExerciseDefinitionError, type Exercise } from './schema.js';
import { echo } from './echo.js';
import { threadEcho } from './thread-echo.js';
import { threadingMenu } from './threading-menu.js';

function createCatalogue(list: readonly Exercise[]): readonly Exercise[] {
  const seen = new Set<string>();
  for (const exercise of list) {
    if (seen.has(exercise.id)) throw new ExerciseDefinitionError(`two exercises have the id ${exercise.id}`);
    seen.add(exercise.id);
  }
  return Object.freeze([...list]);
}

export const exercises: readonly Exercise[] = createCatalogue([echo, threadEcho, threadingMenu]);

export function findExercise(id: string): Exercise | undefined {
  return exercises.find((e) => e.id === id);
}

export { checksOf } from './schema.js';
