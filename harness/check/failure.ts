// Graders say "the submission misbehaved" with fail(); the definition lives below every layer
// (harness/failure.ts) so that peers in net/ can fail a check without depending on check/.
export { CheckFailure, fail, isCheckFailure, type FailureDetails } from '../failure.js';
