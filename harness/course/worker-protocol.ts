// What a batch and its grading workers (worker-pool.ts, cli/batch-worker.ts) say to each other:
// one JSON document per line. The batch writes requests to the worker's stdin (its end, when the
// batch is done or gone, tells the worker to leave); the worker answers on its stdout, which it
// keeps for answers alone (anything else printed goes to stderr). A learner's programs never
// share either: the grader gives every program pipes of its own. Both sides parse what crosses
// the boundary with the schemas below.
import { z } from 'zod';
import { LearnerOutcomeSchema } from './outcome.js';

export const WorkerRequestSchema = z.object({
  type: z.literal('grade'),
  /** The learner's folder name under the batch's folder (the worker's first argument). */
  learner: z.string().min(1),
});
export type WorkerRequest = z.infer<typeof WorkerRequestSchema>;

export const WorkerAnswerSchema = z.discriminatedUnion('type', [
  /** The learner was graded: what `grade --outcome FILE` writes. */
  z.object({ type: z.literal('graded'), learner: z.string(), outcome: LearnerOutcomeSchema }),
  /**
   * Grading the learner threw (an exercise the folder names is unknown, an internal error): the
   * exit code and stderr text a `sockgrade grade` process would have ended with, so the learner's
   * row reads as it always has. After an internal error (code 3) the worker leaves.
   */
  z.object({ type: z.literal('failed'), learner: z.string(), code: z.number().int(), stderr: z.string() }),
]);
export type WorkerAnswer = z.infer<typeof WorkerAnswerSchema>;

export function encodeMessage(message: WorkerRequest | WorkerAnswer): string {
  return `${JSON.stringify(message)}\n`;
}

/** Splits a stream's text (setEncoding('utf8'): a character is never cut) into lines; a partial last line waits. */
export function lineReader(onLine: (line: string) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim()) onLine(line);
      newline = pending.indexOf('\n');
    }
  };
}
