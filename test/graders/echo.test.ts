// The echo checks pass on the reference and on right learner programs, and each fails on a
// learner-style program that has the bug it exists for.
import { afterAll, describe, expect, it } from 'vitest';
import { getChecks } from '../../graders/index.js';
import { findLeftoverProcesses, gradeFixture, idsWith } from '../helpers/grade.js';
import type { GradeReport } from '../../harness/check/runner.js';

const failedIds = new Set<string>();

function expectNoHarnessErrors(report: GradeReport) {
  expect(report.checks.filter((c) => c.status === 'errored').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
}

describe('echo: right programs score full marks', () => {
  it.each([
    ['the reference server and client', { server: 'reference', client: 'reference' }],
    ['a tutorial-style server with a hard-coded address', { server: 'python3 server-good.py' }],
    ['a server reading its port from argv', { server: 'python3 server-reads-port.py {port}' }],
    ['a socketserver server with a thread per client', { server: 'python3 server-socketserver.py' }],
    ['a tutorial-style client with a hard-coded address', { client: 'python3 client-good.py' }],
    ['a client that shuts down writing and reads to EOF', { client: 'python3 client-half-close.py' }],
  ])('%s', async (_name, commands) => {
    const report = await gradeFixture('echo', commands);
    expectNoHarnessErrors(report);
    expect(report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(report.score).toBe(report.maxScore);
  });
});

// mutant → the checks its bug must fail (it may fail others as a consequence).
const mutants: [string, { server?: string; client?: string }, string[], string][] = [
  ['server-python2.py', { server: 'python3 server-python2.py' }, ['server-starts'], 'Python 2'],
  ['server-adds-prefix.py', { server: 'python3 server-adds-prefix.py' }, ['server-echoes-reference-client'], 'reference server sends'],
  ['server-decode-ignore.py', { server: 'python3 server-decode-ignore.py' }, ['server-echoes-all-bytes'], ''],
  ['server-single-recv.py', { server: 'python3 server-single-recv.py' }, ['server-echoes-byte-pieces'], ''],
  ['server-decodes-chunks.py', { server: 'python3 server-decodes-chunks.py' }, ['server-echoes-split-utf8'], 'UnicodeDecodeError'],
  ['server-send-not-sendall.py', { server: 'python3 server-send-not-sendall.py' }, ['server-echoes-oversize'], ''],
  ['server-forgets-tail.py', { server: 'python3 server-forgets-tail.py' }, ['server-half-close'], ''],
  ['server-no-empty-check.py', { server: 'python3 server-no-empty-check.py' }, ['server-peer-leaves'], 'busy loop'],
  ['client-python2.py', { client: 'python3 client-python2.py' }, ['client-connects'], 'Python 2'],
  ['client-wrong-message.py', { client: 'python3 client-wrong-message.py' }, ['client-sends-and-prints'], 'reference client sends'],
  ['client-single-recv.py', { client: 'python3 client-single-recv.py' }, ['client-collects-split-echo'], 'first piece'],
  ['client-spins-on-close.py', { client: 'python3 client-spins-on-close.py' }, ['client-server-closes-early'], 'busy loop'],
];

describe('echo: each learner-style bug fails the check that exists for it', () => {
  it.each(mutants)('%s', async (_name, commands, mustFail, messagePart) => {
    const report = await gradeFixture('echo', commands);
    expectNoHarnessErrors(report);
    const failed = idsWith(report, 'failed');
    for (const id of failed) failedIds.add(id);
    expect(failed).toEqual(expect.arrayContaining(mustFail));
    const check = report.checks.find((c) => c.id === mustFail[0])!;
    expect(check.message).toContain(messagePart);
    expect(check.hint.length).toBeGreaterThan(10);
    expect(check.score).toBe(0);
  });
});

describe('echo: coverage', () => {
  afterAll(() => undefined);
  it('every check fails on at least one mutant', () => {
    const all = getChecks('echo').map((c) => c.id);
    const declared = new Set(mutants.flatMap(([, , ids]) => ids));
    expect(all.filter((id) => !declared.has(id))).toEqual([]);
  });

  it('leaves no process behind', () => {
    expect(findLeftoverProcesses()).toEqual([]);
  });
});
