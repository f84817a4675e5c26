// Where an exercise's reference programs are, and the command that runs one like a submission.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Exercise } from '../../exercises/schema.js';
import type { Role } from './types.js';
import { distRoot } from '../paths.js';

/** Quotes a word for the command splitter (paths with spaces). */
function quoteWord(word: string): string {
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

/**
 * The reference program of a role: a built-in module compiled under dist/reference/, or a course's
 * own file. Throws if it is missing: a broken installation or exercise, never the learner's fault.
 */
export function referenceScript(exercise: Exercise, role: Role): string {
  const spec = exercise.roles[role];
  if (!spec) throw new Error(`exercise ${exercise.id} has no ${role} role`);
  if (typeof spec.reference !== 'string') {
    if (!existsSync(spec.reference.file)) throw new Error(`the reference ${role} of ${exercise.id} is missing: ${spec.reference.file} does not exist`);
    return spec.reference.file;
  }
  const script = join(distRoot, 'reference', `${spec.reference}.js`);
  if (!existsSync(script)) throw new Error(`the reference ${role} of ${exercise.id} is not built (${script} is missing); run npm run build`);
  return script;
}

/** The command that runs a reference program with the address it is given. */
export function referenceCommand(exercise: Exercise, role: Role): string {
  return `${quoteWord(process.execPath)} ${quoteWord(referenceScript(exercise, role))} --host {host} --port {port}`;
}
