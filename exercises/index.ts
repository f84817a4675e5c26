// The catalogue: every exercise sockgrade knows, by id.
import type { Exercise } from './schema.js';
import { echo } from './echo.js';

export const exercises: readonly Exercise[] = [echo];

export function findExercise(id: string): Exercise | undefined {
  return exercises.find((e) => e.id === id);
}
