// The worked example of a course's own exercise, graded as an instructor would: its checks
// (written against `sockgrade`'s public API only) pass on its reference and on the right learner
// program, and each fails on the mutant made for it.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempFolders } from '../helpers/cli.js';
import { findLeftoverProcesses } from '../helpers/grade.js';
import { gradeWithExample, LOGIN_LINES_DIR, readExpectations, statusOf } from '../helpers/own-exercise.js';

const folders = createTempFolders();
const out = folders.make();
afterAll(folders.cleanup);

const expectations = readExpectations(LOGIN_LINES_DIR);
const CHECKS = ['server-starts', 'server-answers-lines', 'server-several-lines-at-once', 'server-line-in-pieces', 'server-client-leaves'];

describe.concurrent('docs/examples/login-lines', () => {
  it('every check has a mutant that fails it', () => {
    expect(new Set(Object.values(expectations).filter(Boolean))).toEqual(new Set(CHECKS));
  });

  it('the reference scores full marks', async () => {
    const { run, report } = await gradeWithExample(LOGIN_LINES_DIR, { reference: true }, join(out, 'reference.json'));
    expect(run.stderr).toBe('');
    expect(report && statusOf(report)).toEqual(Object.fromEntries(CHECKS.map((id) => [id, 'passed'])));
    expect(run.code).toBe(0);
    expect(findLeftoverProcesses(run.pid)).toEqual([]);
  });

  it.each(Object.entries(expectations))('learners/%s', async (learner, failing) => {
    const { run, report } = await gradeWithExample(LOGIN_LINES_DIR, { learner }, join(out, `${learner}.json`));
    expect(run.stderr).toBe('');
    const status = statusOf(report!);
    expect(Object.values(status)).not.toContain('errored');
    if (failing === null) {
      expect(status).toEqual(Object.fromEntries(CHECKS.map((id) => [id, 'passed'])));
      expect(run.code).toBe(0);
    } else {
      expect(status[failing]).toBe('failed');
      // The message is the check's own, in English by default, never a harness error.
      expect(report!.checks.find((c) => c.id === failing)!.message).toBeTruthy();
      expect(run.code).toBe(1);
    }
  });
});
