// The one way a check says "the submission misbehaved". Anything else thrown is our bug.

export interface FailureDetails {
  /** What a correct program would have produced (shown as "expected"). */
  readonly expected?: string;
  /** What this program produced (shown as "actual"). */
  readonly actual?: string;
  /** A more specific hint than the check's own, when the cause is known. */
  readonly hint?: string;
}

export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
  constructor(message: string, readonly details: FailureDetails = {}) {
    super(message);
  }
}

/** Throws a CheckFailure; `fail('no echo', { expected, actual })`. */
export function fail(message: string, details?: FailureDetails): never {
  throw new CheckFailure(message, details);
}

export function isCheckFailure(error: unknown): error is CheckFailure {
  return error instanceof CheckFailure;
}
