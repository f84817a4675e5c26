// Which errors are the user's to fix (one line on stderr, exit 2) and which are sockgrade's own
// (exit 3, with the stack): main.ts and a batch's grading workers (batch-worker.ts) tell them apart
// the same way, so a learner's row reads the same whoever graded it.

/** Matched by name, so the modules defining them need not load here. */
const USER_ERRORS = new Set(['UsageError', 'ManifestError', 'SandboxUnavailableError', 'FormatError', 'ExerciseModuleError', 'ConfigError']);

export function isUserError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return USER_ERRORS.has((error as Error).name) || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
}

/** What the CLI prints on stderr for an error, and its exit code. */
export function describeError(error: unknown): { code: 2 | 3; stderr: string } {
  return isUserError(error)
    ? { code: 2, stderr: `sockgrade: ${(error as Error).message}\n` }
    : { code: 3, stderr: `sockgrade: internal error (please report it): ${(error as Error).stack ?? String(error)}\n` };
}
