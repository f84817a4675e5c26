// A batch grades its learners on long-lived workers (harness/course/worker-pool.ts): a worker
// grades one learner after another, so a batch starts far fewer node processes than it has
// learners; a worker killed mid-learner costs that learner only (not graded, retried by the next
// run) and the batch goes on; an interrupted batch leaves no worker and no program behind.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerPool } from '../../harness/course/worker-pool.js';
import { createPool } from '../../harness/util/pool.js';
import { fixturesDir } from '../helpers/grade.js';
import { CLI, createTempFolders, runCli } from '../helpers/cli.js';
import { processesOf } from '../hostile/helpers.js';

const folders = createTempFolders();
afterAll(folders.cleanup);

/** A program that never listens: its learner's grading lasts a few seconds, long enough to be caught mid-way. */
const NEVER_LISTENS = 'never-listens-worker-test.py';

function learner(root: string, name: string, server?: 'good' | 'never-listens'): void {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  if (server === 'good') {
    copyFileSync(join(fixturesDir('echo'), 'server-good.py'), join(dir, 'server.py'));
    writeFileSync(join(dir, 'sockgrade.json'), JSON.stringify({ exercise: 'echo', server: 'python3 server.py' }));
  } else if (server === 'never-listens') {
    writeFileSync(join(dir, NEVER_LISTENS), 'import time\ntime.sleep(120)\n');
    writeFileSync(join(dir, 'sockgrade.json'), JSON.stringify({ exercise: 'echo', server: `python3 ${NEVER_LISTENS}` }));
  }
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}

/**
 * The learner's program itself (the interpreter, inside its sandbox), not the wrappers before it:
 * a wrapper arms its parent-death signal a moment after it starts, and a parent killed within
 * that moment would leave it behind (a window as old as the wrappers, not the workers').
 */
const programRuns = () => processesOf(NEVER_LISTENS).some((p) => /^\d+ \S*python3?(\.\d+)? /.test(p));

/** The node processes of the workers grading `root` (not the bwrap around them). */
const workerPids = (root: string) => processesOf(`batch-worker ${root}`).filter((p) => !/^\d+ bwrap /.test(p)).map((p) => Number(p.split(' ')[0]));

describe('batch workers', () => {
  it('grade several learners each: fewer node start-ups than learners, and the same outcome as alone', async () => {
    const root = join(folders.make('sockgrade-workers-'), 'learners');
    learner(root, 'alice', 'good');
    // Folders that say nothing: each is "not graded" at once, without a program.
    for (const name of ['e1', 'e2', 'e3', 'e4', 'e5']) learner(root, name);
    const workers = createWorkerPool({ sockgrade: [process.execPath, CLI], root, gradeArgs: ['-q', '--workers', '2'], isolate: false });
    const slots = createPool(2);
    const results = await Promise.all(['alice', 'e1', 'e2', 'e3', 'e4', 'e5'].map((name) => slots(() => workers.grade(name))));
    await workers.close();
    expect(results.map((r) => r.kind)).toEqual(Array(6).fill('outcome'));
    expect(workers.started).toBeLessThanOrEqual(2);
    expect(new Set(results.map((r) => r.worker)).size).toBe(workers.started);
    const [alice, ...empty] = results.map((r) => (r.kind === 'outcome' ? r.outcome : undefined));
    expect(alice!.reports[0]!.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    for (const outcome of empty) expect(outcome!.problems[0]!.reason.en).toMatch(/no sockgrade\.json says which exercise/);
    expect(workerPids(root)).toEqual([]);
  }, 120_000);

  it('a worker killed mid-learner: that learner is not graded, the others are, and the next run grades it', async () => {
    const base = folders.make('sockgrade-workers-');
    const root = join(base, 'learners');
    learner(root, 'alice', 'good');
    learner(root, 'bob', 'never-listens');
    learner(root, 'carol', 'good');
    const out = join(base, 'out');
    const args = [CLI, 'batch', root, '--out', out, '--jobs', '1', '--workers', '2', '-q'];
    const batch = spawn(process.execPath, args, { cwd: base, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8', NO_COLOR: '1' } });
    let stdout = '';
    batch.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const exited = new Promise<number | null>((r) => batch.once('close', r));

    // One worker grades all three in turn; kill it while bob's program runs.
    expect(await until(programRuns, 90_000)).toBe(true);
    const pids = workerPids(root);
    expect(pids).toHaveLength(1);
    process.kill(pids[0]!, 'SIGKILL');
    expect(await exited).toBe(2); // a learner could not be graded
    expect(stdout).toMatch(/alice\s+11\/11\s+all checks passed/);
    expect(stdout).toMatch(/bob\s+not graded: sockgrade's grading process (was killed by SIGKILL|exited with 137)/);
    expect(stdout).toMatch(/carol\s+11\/11\s+all checks passed/);
    expect(stdout).toContain('(2 graded now, 0 already graded, 1 not graded)');
    const gradebook = readFileSync(join(out, 'gradebook.csv'), 'utf8').split('\r\n');
    expect(gradebook[2]).toMatch(/^bob,,0,0,"?sockgrade's grading process/);
    expect(processesOf(NEVER_LISTENS)).toEqual([]);
    expect(workerPids(root)).toEqual([]);

    const again = await runCli(args.slice(1), { cwd: base, timeoutMs: 120_000 });
    expect(again.stdout).toContain('(1 graded now, 2 already graded, 0 not graded)');
    expect(again.stdout).toMatch(/bob\s+0\/11\s+lost points on/);
    expect(again.code).toBe(1);
  }, 240_000);

  it('SIGTERM mid-learner: the batch says it was interrupted and no worker or program is left', async () => {
    const base = folders.make('sockgrade-workers-');
    const root = join(base, 'learners');
    learner(root, 'bob', 'never-listens');
    learner(root, 'carol', 'never-listens');
    const batch = spawn(process.execPath, [CLI, 'batch', root, '--out', join(base, 'out'), '--jobs', '2', '-q'], { cwd: base, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    batch.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<number | null>((r) => batch.once('close', r));
    expect(await until(programRuns, 90_000)).toBe(true);
    batch.kill('SIGTERM');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/interrupted; the 0 learners graded are kept/);
    expect(await until(() => processesOf(NEVER_LISTENS).length === 0 && workerPids(root).length === 0, 10_000)).toBe(true);
  }, 120_000);
});
