// `sockgrade grade --all`: the same commands graded on every exercise of the catalogue at once,
// all checks sharing one pool of workers, so that one exercise's waits overlap another's work.
// Used to prove an install (the reference grading itself) and by the bench.
import { checksOf, exercises } from '../../exercises/index.js';
import { gradeSubmission, type GradeOptions, type GradeReport } from '../check/runner.js';
import { createSubmission } from '../check/submission.js';
import type { Role } from '../check/types.js';
import { createPool } from '../util/pool.js';


/**
 * Grades `commands` on every exercise that has at least one of their roles; an exercise without
 * a role (web has no client) is graded on the roles it has. Reports come in catalogue order.
 */
export async function gradeAll(dir: string, commands: Partial<Record<Role, string>>, options: GradeOptions & { workers: number }): Promise<GradeReport[]> {
  const pool = createPool(options.workers);
  const gradings = exercises.flatMap((exercise) => {
    const roles = (['server', 'client'] as const).filter((role) => commands[role] !== undefined && exercise.roles[role] !== undefined);
    if (roles.length === 0) return [];
    const own = Object.fromEntries(roles.map((role) => [role, commands[role]!])) as Partial<Record<Role, string>>;
    return [gradeSubmission(exercise, checksOf(exercise, roles), createSubmission(dir, own), { ...options, pool })];
  });
  return Promise.all(gradings);
}
