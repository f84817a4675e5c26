// Whether a program is the learner's is a typed fact of how it was started, never a label: a
// grader that names a learner's server "reference server" still gets it confined.
import { describe, expect, it } from 'vitest';
import { findExercise } from '../../exercises/index.js';
import { CheckContext, DEFAULT_TIMEOUTS, type RunSettings } from '../../harness/check/context.js';
import type { Check } from '../../harness/check/types.js';
import { createSubmission } from '../../harness/check/submission.js';
import { DEFAULT_LIMITS } from '../../harness/process/limits.js';
import { fixturesDir } from '../helpers/grade.js';

const echo = findExercise('echo')!;
const check: Check = { id: 'server-starts', title: 't', role: 'server', tags: ['basic'], points: 1, hint: 'h', run: async () => {} };

function context(commands: Record<string, string>): CheckContext {
  const settings: RunSettings = {
    exercise: echo,
    submission: createSubmission(fixturesDir('echo'), commands),
    timeouts: DEFAULT_TIMEOUTS,
    redirect: true,
    limits: DEFAULT_LIMITS,
    sandbox: false,
  };
  return new CheckContext(settings, check);
}

describe('trust', () => {
  it("a learner's server started under a reference label runs under the learner's limits", async () => {
    const ctx = context({ server: 'python3 server-good.py' });
    try {
      const { program } = await ctx.startServer({ label: 'reference server' });
      expect(program.options.label).toBe('reference server');
      expect(program.isLearners).toBe(true);
      expect(program.options.confinement).toMatchObject({ kind: 'learner', limits: DEFAULT_LIMITS });
    } finally {
      await ctx.dispose();
    }
  });

  it('the reference graded as the submission (--server reference) runs as ours, unconfined', async () => {
    const ctx = context({ server: 'reference' });
    try {
      const { program } = await ctx.startServer();
      expect(program.options.label).toBe('server');
      expect(program.isLearners).toBe(false);
    } finally {
      await ctx.dispose();
    }
  });

  it('a command that merely says "reference" with other words is the learner\'s', () => {
    const submission = createSubmission('.', { server: 'reference --port {port}' });
    expect(submission.commands.server).toEqual({ kind: 'command', command: 'reference --port {port}' });
  });
});
