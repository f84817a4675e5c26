// Which checks grade which exercise. Every exercise in the catalogue has an entry.
import type { Check, Role } from '../harness/check/types.js';
import { echoChecks } from './echo.js';

const byExercise: Readonly<Record<string, readonly Check[]>> = {
  echo: echoChecks,
};

/** The checks of an exercise, optionally only those of some roles, in declaration order. */
export function getChecks(exerciseId: string, roles?: readonly Role[]): readonly Check[] {
  const checks = byExercise[exerciseId] ?? [];
  return roles ? checks.filter((c) => roles.includes(c.role)) : checks;
}
