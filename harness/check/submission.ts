// What is graded: a folder and, per role, either the learner's command or our reference program.
// Whether a program is the learner's (untrusted: limits, sandbox, failures are the learner's) or
// ours is this type, set where the submission is read, never inferred from a label or a string.
import type { Role } from './types.js';

export type RoleProgram =
  | { readonly kind: 'command'; readonly command: string }
  | { readonly kind: 'reference' };

/** The reference program of a role, graded like a submission (to prove the checks pass on it). */
export const REFERENCE_PROGRAM: RoleProgram = Object.freeze({ kind: 'reference' });

/** The CLI's and sockgrade.json's spelling of "use the reference for this role". */
export const REFERENCE_WORD = 'reference';

/** The learner's program for a role: `commandProgram('python3 server.py')`. */
export function commandProgram(command: string): RoleProgram {
  return { kind: 'command', command };
}

/** Reads a role's program as typed on the command line or in sockgrade.json. */
export function parseRoleProgram(text: string): RoleProgram {
  return text.trim() === REFERENCE_WORD ? REFERENCE_PROGRAM : commandProgram(text);
}

/** How a role's program is shown in reports: the command, or `reference`. */
export function describeRoleProgram(program: RoleProgram): string {
  return program.kind === 'reference' ? REFERENCE_WORD : program.command;
}

/** The learner's program: a folder, a program per role, and the command that builds them, if any. */
export interface Submission {
  readonly dir: string;
  readonly commands: Partial<Record<Role, RoleProgram>>;
  /** Run once per grading in a fresh copy of the folder, before any check (`make`, `javac -d build *.java`). */
  readonly build?: string;
}

/** Builds a submission from commands as typed (`reference` meaning the reference program). */
export function createSubmission(dir: string, commands: Partial<Record<Role, string>>, options: { readonly build?: string | undefined } = {}): Submission {
  const typed: Partial<Record<Role, RoleProgram>> = {};
  for (const [role, text] of Object.entries(commands) as [Role, string | undefined][]) {
    if (text !== undefined) typed[role] = parseRoleProgram(text);
  }
  return { dir, commands: typed, ...(options.build !== undefined && options.build.trim() !== '' ? { build: options.build } : {}) };
}

/** The commands of a submission as shown in reports. */
export function describeCommands(submission: Submission): Partial<Record<Role, string>> {
  const shown: Partial<Record<Role, string>> = {};
  for (const [role, program] of Object.entries(submission.commands) as [Role, RoleProgram | undefined][]) {
    if (program) shown[role] = describeRoleProgram(program);
  }
  return shown;
}
