// Verdicts must not depend on how many checks run at once: the reference and a few mutants get
// the same status for every check at 1 worker and at 4 workers.
import { afterAll, describe, expect, it } from 'vitest';
import { findLeftoverProcesses, gradeFixture } from '../helpers/grade.js';
import type { GradeReport } from '../../harness/check/runner.js';

const statuses = (report: GradeReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));

const submissions: [string, { server?: string; client?: string }][] = [
  ['the reference', { server: 'reference', client: 'reference' }],
  ['a right tutorial-style server and client', { server: 'python3 server-good.py', client: 'python3 client-good.py' }],
  ['send() instead of sendall(), a client with one recv()', { server: 'python3 server-send-not-sendall.py', client: 'python3 client-single-recv.py' }],
  ['a server that spins on b\'\', a client that spins on close', { server: 'python3 server-no-empty-check.py', client: 'python3 client-spins-on-close.py' }],
  ['a server that never starts (Python 2)', { server: 'python3 server-python2.py' }],
];

describe('echo: the same verdicts at 1 and at 4 workers', () => {
  afterAll(async () => {
    // A killed tree may take a moment to vanish from /proc; other graders on the machine show up
    // in the scan too, so allow (bounded) for both before calling anything left over.
    const deadline = performance.now() + 5000;
    while (findLeftoverProcesses().length > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(findLeftoverProcesses()).toEqual([]);
  });

  it.each(submissions)('%s', async (_name, commands) => {
    // Both at once: the file's time is the slower of the two, and each meets the other's load.
    const [one, four] = await Promise.all([gradeFixture('echo', commands, { workers: 1 }), gradeFixture('echo', commands, { workers: 4 })]);
    expect(four.environment.workers).toBe(4);
    expect(statuses(four)).toEqual(statuses(one));
    expect(four.score).toBe(one.score);
    // sockgrade itself must not fail at either count (an errored check would hide a real difference).
    expect([...one.checks, ...four.checks].filter((c) => c.status === 'errored').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });
});
