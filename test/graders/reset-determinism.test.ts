// The bad-input reset probe of greet and one-shot-chat (graders/expect/one-reply.ts) must give
// the same verdict on every run, whatever the load: a server without try/except always dies of
// the reset, a right one always serves the next client. A single quick reset catches the fragile
// server only when the RST arrives before it sends or receives; freezing it while the reset
// connection waits in its accept queue makes that ordering certain. Proven here by grading both
// kinds many times, concurrently, with the other core kept busy by a CPU burner.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExercise } from '../../exercises/index.js';
import { gradeSubmission } from '../../harness/check/runner.js';
import { createSubmission } from '../../harness/check/submission.js';
import { findLeftoverProcesses, fixturesDir } from '../helpers/grade.js';

// 5 in the normal suite; SOCKGRADE_REPEAT=20 (or RESET_RUNS) gives the 20-run proof.
const RUNS = Math.max(1, Number(process.env.RESET_RUNS ?? process.env.SOCKGRADE_REPEAT ?? 5));
/** The burner ends by itself after this long even if the test process dies first. */
const BURN_BOUND_MS = 120_000;
const CHECK = 'server-survives-reset';

const series = [
  { exercise: 'greet', file: 'server-no-try.py', verdict: 'failed', says: 'ConnectionResetError' },
  { exercise: 'greet', file: 'server-good.py', verdict: 'passed', says: '' },
  { exercise: 'one-shot-chat', file: 'server-no-try.py', verdict: 'failed', says: 'ConnectionResetError' },
  { exercise: 'one-shot-chat', file: 'server-good.py', verdict: 'passed', says: '' },
] as const;

let burner: ChildProcess | undefined;

beforeAll(() => {
  burner = spawn(process.execPath, ['-e', `const end = Date.now() + ${BURN_BOUND_MS}; while (Date.now() < end) {}`], { stdio: 'ignore' });
});

afterAll(() => {
  if (burner?.pid !== undefined && burner.exitCode === null) process.kill(burner.pid, 'SIGKILL');
  expect(findLeftoverProcesses()).toEqual([]);
});

describe('the reset probe gives one verdict on every run, with a core kept busy', () => {
  it(`grades each fragile and right server ${RUNS} times the same`, async () => {
    const started = performance.now();
    const outcomes = await Promise.all(
      series.map(async ({ exercise: id, file }) => {
        const exercise = findExercise(id)!;
        const check = exercise.checks.filter((c) => c.id === CHECK);
        const submission = createSubmission(fixturesDir(id), { server: `python3 ${file}` });
        const verdicts: string[] = [];
        const messages: string[] = [];
        const durations: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const report = await gradeSubmission(exercise, check, submission, { workers: 1 });
          const result = report.checks[0]!;
          verdicts.push(result.status);
          messages.push(result.message);
          durations.push(result.durationMs);
        }
        return { id, file, verdicts, messages, durations };
      }),
    );
    const wallS = (performance.now() - started) / 1000;
    for (const { id, file, verdicts, durations } of outcomes) {
      const counts = Object.entries(verdicts.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {}));
      const sorted = [...durations].sort((a, b) => a - b);
      console.log(`${id} ${file}: ${counts.map(([v, n]) => `${n} ${v}`).join(', ')}; check ms min ${sorted[0]} median ${sorted[Math.floor(sorted.length / 2)]} max ${sorted.at(-1)}`);
    }
    console.log(`${series.length} series of ${RUNS} in ${wallS.toFixed(1)} s wall, burner ${burner?.exitCode === null ? 'still burning' : 'ended early'}`);
    expect(burner?.exitCode, 'the CPU burner ran for the whole test').toBeNull();
    for (const [i, { verdict, says }] of series.entries()) {
      const { verdicts, messages } = outcomes[i]!;
      expect(verdicts).toEqual(Array(RUNS).fill(verdict));
      for (const message of messages) expect(message).toContain(says);
    }
  }, 240_000);
});
