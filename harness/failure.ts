// The one way a check says "the submission misbehaved". Anything else thrown is our bug.
import { render, type Text } from './i18n/text.js';

export interface FailureDetails {
  /** What a correct program would have produced (shown as "expected"); words around the bytes, if any, as Text. */
  readonly expected?: string | Text;
  /** What this program produced (shown as "actual"). */
  readonly actual?: string | Text;
  /** A more specific hint than the check's own, when the cause is known. */
  readonly hint?: string | Text;
}

/**
 * Marks a CheckFailure. A registry symbol, so that a failure thrown by a course's checks that
 * import another copy of sockgrade (their own node_modules) is still a failure, not our bug.
 */
const FAILURE_BRAND = Symbol.for('sockgrade.check-failure');

export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
  readonly [FAILURE_BRAND] = true;
  /** The message in every language (Error's own `message` is the English one). */
  readonly text: string | Text;
  constructor(message: string | Text, readonly details: FailureDetails = {}) {
    super(render(message, 'en'));
    this.text = message;
  }
}

/** Throws a CheckFailure; `fail('no echo', { expected, actual })`. */
export function fail(message: string | Text, details?: FailureDetails): never {
  throw new CheckFailure(message, details);
}

export function isCheckFailure(error: unknown): error is CheckFailure {
  return error instanceof CheckFailure || (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[FAILURE_BRAND] === true);
}
