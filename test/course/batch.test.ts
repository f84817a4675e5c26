// A course's batch from the command line: broken learner folders get their row and the reason,
// a batch killed mid-way and run again grades only what is missing and ends with the gradebook an
// uninterrupted run writes, and shards merged are byte for byte that same gradebook.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LearnerOutcomeSchema } from '../../harness/course/outcome.js';
import { fixturesDir } from '../helpers/grade.js';
import { CLI, createTempFolders, runCli, type CliRun } from '../helpers/cli.js';
import { processesOf } from '../hostile/helpers.js';

const folders = createTempFolders();
afterAll(folders.cleanup);

const base = folders.make('sockgrade-course-');
const root = join(base, 'learners');
const config = join(base, 'sockgrade.config.json');
const out = (name: string) => join(base, name);
const run = (args: string[]) => runCli(args, { cwd: base, timeoutMs: 120_000 });
const batch = (outDir: string, ...more: string[]) => run(['batch', root, '--config', config, '--out', outDir, '--jobs', '2', '--workers', '2', '-q', ...more]);

/** Four learners: two right echo servers (one in a subfolder named for the exercise), an empty folder, a broken sockgrade.json. */
function createLearners(): void {
  const learner = (name: string) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  copyFileSync(join(fixturesDir('echo'), 'server-good.py'), join(learner('alice'), 'server.py'));
  copyFileSync(join(fixturesDir('echo'), 'server-good.py'), join(learner('bob/echo'), 'server.py'));
  learner('carol');
  writeFileSync(join(learner('dave'), 'sockgrade.json'), '{"exercise": "echo", "sevrer": "python3 server.py"}');
  writeFileSync(config, JSON.stringify({ title: 'week 3', exercises: [{ id: 'echo', roles: ['server'] }] }));
}

let whole: CliRun;
let gradebook: string;

beforeAll(async () => {
  createLearners();
  whole = await batch(out('whole'));
  gradebook = readFileSync(join(out('whole'), 'gradebook.csv'), 'utf8');
}, 120_000);

describe('batch --config --out', () => {
  it('grades every learner folder; a broken one gets its row with the reason and the batch goes on', () => {
    expect(whole.stderr).toContain('carol: echo: the folder has no files');
    expect(whole.code).toBe(2); // some folder could not be graded
    const lines = gradebook.split('\r\n');
    expect(lines[0]).toBe('learner,echo,total,max,status');
    expect(lines[1]).toBe('alice,11,11,11,ok');
    expect(lines[2]).toBe('bob,11,11,11,ok');
    expect(lines[3]).toBe('carol,,0,11,echo: the folder has no files');
    expect(lines[4]).toBe('dave,,0,11,echo: missing server.py');
    expect(lines[5]).toBe('');
    const alice = LearnerOutcomeSchema.parse(JSON.parse(readFileSync(join(out('whole'), 'reports', 'alice.json'), 'utf8')));
    expect(alice.reports[0]!.checks.every((c) => c.status === 'passed')).toBe(true);
    expect(readFileSync(join(out('whole'), 'reports', 'alice.txt'), 'utf8')).toContain('score: 11/11');
  });

  it('reads a broken sockgrade.json when the config gives no command, and names it', async () => {
    const onlyDave = join(base, 'dave-only');
    mkdirSync(join(onlyDave, 'dave'), { recursive: true });
    copyFileSync(join(root, 'dave', 'sockgrade.json'), join(onlyDave, 'dave', 'sockgrade.json'));
    const plain = join(base, 'plain.json');
    writeFileSync(plain, JSON.stringify({ exercises: ['echo'] }));
    const result = await run(['batch', onlyDave, '--config', plain, '--out', out('dave'), '-q']);
    expect(result.code).toBe(2);
    expect(readFileSync(join(out('dave'), 'gradebook.csv'), 'utf8')).toMatch(/^dave,,0,\d+,"echo: dave\/sockgrade\.json is invalid: .*sevrer/m);
  });

  it('killed mid-way with SIGKILL and run again, grades only what is missing and writes the same gradebook', async () => {
    const dir = out('killed');
    const child = spawn(process.execPath, [CLI, 'batch', root, '--config', config, '--out', dir, '--jobs', '1', '--workers', '2', '-q'], { cwd: base, stdio: 'ignore' });
    const stateDir = join(dir, 'state');
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && !(existsSync(stateDir) && readdirSync(stateDir).some((f) => f.endsWith('.json')))) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const kept = readdirSync(stateDir).filter((f) => f.endsWith('.json'));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(4);
    expect(existsSync(join(dir, 'gradebook.csv'))).toBe(false);
    // The learner being graded when the batch died is gone too (its child reads a pipe from the batch).
    const until = Date.now() + 10_000;
    while (Date.now() < until && processesOf(root).length) await new Promise((r) => setTimeout(r, 100));
    expect(processesOf(root)).toEqual([]);
    const mtimes = Object.fromEntries(kept.map((f) => [f, statSync(join(stateDir, f)).mtimeMs]));

    const again = await batch(dir);
    expect(again.stdout).toContain(` ${kept.length} already graded, `);
    for (const f of kept) expect(statSync(join(stateDir, f)).mtimeMs).toBe(mtimes[f]);
    expect(readFileSync(join(dir, 'gradebook.csv'), 'utf8')).toBe(gradebook);
    expect(readdirSync(join(dir, 'reports')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('grades a learner again when a file of theirs changed, and no one else', async () => {
    // The out dir the previous test completed.
    writeFileSync(join(root, 'carol', 'notes.txt'), 'I forgot the server\n');
    try {
      const again = await batch(out('killed'));
      expect(again.stdout).toContain('(0 graded now, 3 already graded, 1 not graded)');
    } finally {
      rmSync(join(root, 'carol', 'notes.txt'));
    }
  });

  it('--shard i/n parts merged are byte for byte the gradebook of one run; merge refuses overlaps and gaps', async () => {
    const [first, second] = await Promise.all([batch(out('s1'), '--shard', '1/2'), batch(out('s2'), '--shard', '2/2')]);
    expect(first.stdout).toContain('shard 1/2: 2 of 4 folders');
    expect(second.stdout).toContain('shard 2/2: 2 of 4 folders');
    const merged = await run(['merge', out('s1'), out('s2'), '--out', out('merged')]);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(readFileSync(join(out('merged'), 'gradebook.csv'), 'utf8')).toBe(gradebook);
    expect(readdirSync(join(out('merged'), 'reports')).sort()).toEqual(readdirSync(join(out('whole'), 'reports')).sort());

    const gap = await run(['merge', out('s1'), '--out', out('gap')]);
    expect(gap.code).toBe(2);
    expect(gap.stderr).toMatch(/2 learner folders are in no shard given \(bob, dave\): shard 2\/2 missing/);
    const overlap = await run(['merge', out('s1'), out('s1'), '--out', out('overlap')]);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/overlap: both are shard 1\/2/);
    const mixed = await run(['merge', out('s1'), out('whole'), '--out', out('mixed')]);
    expect(mixed.stderr).toMatch(/are not shards of one batch: one is shard 1\/2, the other 1\/1/);
    const wrongShard = await batch(out('s1'), '--shard', '2/2');
    expect(wrongShard.code).toBe(2);
    expect(wrongShard.stderr).toMatch(/holds shard 1\/2 of a batch, not 2\/2/);
  });
});
