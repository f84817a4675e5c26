// The performance levers of issue #17, each of which must leave every verdict unchanged, and the
// one switch that turns them off so a test or the bench can compare on with off:
//   SOCKGRADE_LEVERS unset or `on`  every lever on (the default)
//   SOCKGRADE_LEVERS=off            every lever off: grading as it was before any of them
//   SOCKGRADE_LEVERS=a,b            only the levers named (e.g. `baseline-cache`)
// Read at each use, not at load, so a test can switch between gradings in one process.

/** Every lever there is; a new lever adds its name here (and joins test/levers/verdicts.test.ts). */
export const LEVERS = ['baseline-cache'] as const;
export type Lever = (typeof LEVERS)[number];

export const LEVERS_VARIABLE = 'SOCKGRADE_LEVERS';

/** Whether `lever` is on in this process's environment. */
export function leverOn(lever: Lever, env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[LEVERS_VARIABLE]?.trim();
  if (value === undefined || value === '' || value === 'on') return true;
  if (value === 'off') return false;
  return value.split(',').map((name) => name.trim()).includes(lever);
}
