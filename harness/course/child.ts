// What a batch's grading processes (worker-pool.ts) have in common with the batch: whether each can
// have a network namespace of its own here (a learner's programs then cannot reach the programs of
// learners graded at the same time: connect to their ports, steal the one accept() a server
// makes), and the mark in their environment that tells sockgrade it runs for a batch.
import { probeBwrap } from '../process/sandbox.js';

export const BATCH_CHILD_ENV = 'SOCKGRADE_BATCH_CHILD';

/** Whether each learner can get a network namespace of its own here, and why not. */
export function learnerIsolation(): { ok: true } | { ok: false; reason: string } {
  const bwrap = probeBwrap();
  return bwrap.ok ? { ok: true } : { ok: false, reason: bwrap.reason.replace(/, so submissions are not isolated|; submissions are not isolated/, '') };
}
