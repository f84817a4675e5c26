// `sockgrade batch-worker <folder> [exercise] [grade flags]` (internal, started by a batch: see
// course/worker-pool.ts): grades the learners the batch names on stdin, one after another, and
// answers each on stdout (course/worker-protocol.ts). Everything a learner's grading shares is
// loaded once: node, sockgrade's modules, the assignment, the course's exercise modules, and the
// reference's baselines. Each learner is graded as `sockgrade grade --cwd <folder>/<learner>
// --outcome FILE` would, and an error is told with the words and exit code that command would end with.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAssignment } from '../course/assignment.js';
import { createOutcome } from '../course/outcome.js';
import { encodeMessage, lineReader, WorkerRequestSchema, type WorkerAnswer } from '../course/worker-protocol.js';
import type { Role } from '../check/types.js';
import { COMMON_OPTIONS, requireDirectory } from './commands.js';
import { describeError } from './errors.js';
import { gradeLearner } from './grade-learner.js';
import { registerExercisesFrom } from './own-exercises.js';
import { UsageError } from './usage.js';

const WORKER_OPTIONS = { ...COMMON_OPTIONS, server: { type: 'string' }, client: { type: 'string' }, build: { type: 'string' } } as const;

export async function commandBatchWorker(args: string[]): Promise<number> {
  // Answers only on stdout: whatever else is printed goes to stderr, where the batch keeps the last lines.
  const toBatch = process.stdout.write.bind(process.stdout) as (text: string) => boolean;
  const answer = (message: WorkerAnswer) => toBatch(encodeMessage(message));
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

  const [root, ...gradeArgs] = args;
  if (root === undefined) throw new UsageError('batch-worker is started by sockgrade batch, with the batch\'s folder');
  const { values, positionals } = parseArgs({ args: gradeArgs, allowPositionals: true, options: WORKER_OPTIONS });
  if (positionals.length > 1) throw new UsageError(`grade takes one exercise, got ${positionals.join(' ')}`);
  // What fails here fails every learner (a broken exercise module): the worker ends as a
  // `sockgrade grade` child would, and the batch tells the learner it was asked to grade.
  await registerExercisesFrom(values['exercises-from']);
  const assignment = values.config !== undefined ? await loadAssignment(values.config) : undefined;
  const commands: Partial<Record<Role, string>> = {
    ...(values.server !== undefined ? { server: values.server } : {}),
    ...(values.client !== undefined ? { client: values.client } : {}),
  };

  const gradeOne = async (learner: string): Promise<WorkerAnswer> => {
    try {
      const dir = requireDirectory(join(root, learner));
      const { reports, problems } = await gradeLearner(assignment, values, positionals[0], dir, commands);
      return { type: 'graded', learner, outcome: createOutcome(reports, problems) };
    } catch (error) {
      return { type: 'failed', learner, ...describeError(error) };
    }
  };

  return new Promise<number>(() => {
    let busy = false;
    const queue: string[] = [];
    const next = async () => {
      if (busy) return;
      const learner = queue.shift();
      if (learner === undefined) return;
      busy = true;
      const result = await gradeOne(learner);
      answer(result);
      busy = false;
      // After an internal error this process may be in any state: the batch starts a fresh one.
      if (result.type === 'failed' && result.code === 3) process.exit(3);
      void next();
    };
    process.stdin.setEncoding('utf8').on('data', lineReader((line) => {
      const parsed = WorkerRequestSchema.safeParse((() => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return undefined;
        }
      })());
      if (!parsed.success) {
        process.stderr.write('sockgrade: the grading worker got a request it cannot read\n');
        process.exit(2);
      }
      queue.push(parsed.data.learner);
      void next();
    }));
    // The batch is done with us, or gone (killed, Ctrl-C): so is the point of grading. Our
    // programs run under a parent-death signal and end with us.
    process.stdin.once('close', () => process.exit(busy || queue.length ? 130 : 0));
  });
}
