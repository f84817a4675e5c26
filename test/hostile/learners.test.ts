// Learners graded in the same batch cannot reach each other's programs. The hostile learner's
// server connects to every port listening in its network and holds the connection
// (steals-accepts.py), so a one-client server of another learner in that network accepts it
// instead of its grader. With a network namespace per learner (the default where bubblewrap
// works) the two right servers beside it keep full marks; with one shared network (the control,
// --isolate-learners off) they do not, which shows the hostile learner would do harm. A worker
// grades learners one after another in its namespace: graded first on the same worker, the
// hostile learner leaves nothing that harms the next ones.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LearnerOutcomeSchema } from '../../harness/course/outcome.js';
import { probeBwrap } from '../../harness/process/sandbox.js';
import { fixturesDir } from '../helpers/grade.js';
import { createTempFolders, runCli } from '../helpers/cli.js';
import { hostileDir, leftovers } from './helpers.js';

const bwrap = probeBwrap();
const folders = createTempFolders();
afterAll(folders.cleanup);

function createBatch(hostile: string): { base: string; root: string } {
  const base = folders.make('sockgrade-learners-');
  const root = join(base, 'learners');
  for (const name of ['alice', 'bob']) {
    mkdirSync(join(root, name), { recursive: true });
    copyFileSync(join(fixturesDir('echo'), 'server-good.py'), join(root, name, 'server-good.py'));
    writeFileSync(join(root, name, 'sockgrade.json'), JSON.stringify({ exercise: 'echo', server: 'python3 server-good.py' }));
  }
  mkdirSync(join(root, hostile));
  copyFileSync(join(hostileDir, 'steals-accepts.py'), join(root, hostile, 'steals-accepts.py'));
  writeFileSync(join(root, hostile, 'sockgrade.json'), JSON.stringify({ exercise: 'echo', server: 'python3 steals-accepts.py' }));
  return { base, root };
}

/** Grades the three learners, `jobs` at a time (each on a worker of its own); returns the victims' check statuses. */
async function gradeTogether(isolate: 'auto' | 'off', { jobs = 3, hostile = 'mallory' } = {}): Promise<{ statuses: Record<string, string[]>; stdout: string }> {
  const { base, root } = createBatch(hostile);
  const out = join(base, 'out');
  const result = await runCli(['batch', root, '--out', out, '--jobs', String(jobs), '--workers', '2', '-q', '--isolate-learners', isolate], { cwd: base, timeoutMs: 150_000 });
  expect(result.stderr).toBe('');
  const statuses: Record<string, string[]> = {};
  for (const name of ['alice', 'bob']) {
    const outcome = LearnerOutcomeSchema.parse(JSON.parse(readFileSync(join(out, 'reports', `${name}.json`), 'utf8')));
    statuses[name] = outcome.reports[0]!.checks.map((c) => `${c.id} ${c.status}`);
    expect(outcome.reports[0]!.environment.isolation.network).toBe('loopback-only');
  }
  expect(leftovers('steals-accepts.py')).toEqual([]);
  return { statuses, stdout: result.stdout };
}

describe.skipIf(!bwrap.ok)(`learners graded at the same time${bwrap.ok ? '' : ` (skipped: ${bwrap.reason})`}`, () => {
  it('each in a network of its own: the hostile learner changes no other learner\'s verdict', async () => {
    const { statuses } = await gradeTogether('auto');
    for (const name of ['alice', 'bob']) expect(statuses[name]!.filter((s) => !s.endsWith(' passed'))).toEqual([]);
  });

  it('one after another on one worker, the hostile learner first: nothing of it is left for the next learners', async () => {
    // Named to sort first: the worker grades it, then alice and bob, in the one namespace.
    const { statuses } = await gradeTogether('auto', { jobs: 1, hostile: 'aaron' });
    for (const name of ['alice', 'bob']) expect(statuses[name]!.filter((s) => !s.endsWith(' passed'))).toEqual([]);
  });

  it('the control: sharing one network, the hostile learner takes other learners\' points', async () => {
    const { statuses } = await gradeTogether('off');
    const changed = ['alice', 'bob'].flatMap((name) => statuses[name]!.filter((s) => !s.endsWith(' passed')));
    expect(changed.length).toBeGreaterThan(0);
  });
});
