// The memory limit by what a program uses: its own cgroup, joined before it runs, gone after it;
// and the report says which mechanism applied.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Program } from '../../harness/process/program.js';
import { listProcessTree } from '../../harness/process/proc.js';
import { detectMemoryControl } from '../../harness/process/limits.js';
import { Transcript } from '../../harness/transcript.js';
import { GradeReportJsonSchema } from '../../harness/report/schema.js';
import { fixturesDir } from '../helpers/grade.js';
import { createTempFolders, runCli } from '../helpers/cli.js';

const cgroup = detectMemoryControl().kind === 'cgroup';
const started: Program[] = [];
const folders = createTempFolders();
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});
afterAll(folders.cleanup);

function startLearner(source: string, memoryBytes: number): Program {
  const dir = folders.make();
  writeFileSync(join(dir, 'prog.py'), source);
  const program = Program.start({
    label: 'server',
    command: 'python3 prog.py',
    cwd: dir,
    address: { host: '127.0.0.1', port: 0 },
    transcript: new Transcript(),
    confinement: { kind: 'learner', limits: { memoryBytes }, sandbox: false },
  });
  started.push(program);
  return program;
}

/** The memory cgroup folder of a process, from /proc/<pid>/cgroup (v2 or v1). */
function memoryGroupOf(pid: number): string | undefined {
  const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
  return (lines.find((l) => l.split(':')[1]?.split(',').includes('memory')) ?? lines.find((l) => l.startsWith('0::')))?.split(':').slice(2).join(':');
}

describe.skipIf(!cgroup)(`a memory cgroup per program${cgroup ? '' : ' (skipped: no cgroup can be made here)'}`, () => {
  it('the program is in its own group from its first instruction, and the group is gone after stop()', async () => {
    const program = startLearner('import sys, time\nprint("up", flush=True)\ntime.sleep(30)', 256 * 1024 * 1024);
    expect(program.memoryControl).toBe('cgroup');
    expect(await program.stdout.waitFor((t) => t.includes('up'), 10_000)).toBe(true);
    const tree = listProcessTree(program.pid!);
    const groups = new Set(tree.map(memoryGroupOf));
    // Every process of the tree, our wrappers included, is in one group made for this program.
    expect(groups.size).toBe(1);
    const group = [...groups][0]!;
    expect(group).toMatch(new RegExp(`/sockgrade-${process.pid}-\\d+$`));
    // Its folder, under whichever cgroup mount holds it: there while it runs, gone after stop().
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')).filter((f) => f.includes('cgroup') || f.includes('cgroup2')).map((f) => f[4]!);
    expect(mounts.filter((m) => existsSync(join(m, group)))).toHaveLength(1);
    await program.stop();
    expect(mounts.filter((m) => existsSync(join(m, group)))).toEqual([]);
  });

  it('address space reserved but never used is free: 8 GiB mapped under a 256 MiB limit', async () => {
    const program = startLearner('import mmap, time\nm = mmap.mmap(-1, 8 << 30)\nprint("mapped", flush=True)\ntime.sleep(30)', 256 * 1024 * 1024);
    expect(await program.stdout.waitFor((t) => t.includes('mapped'), 10_000)).toBe(true);
    expect(program.limitBreach()).toBeUndefined();
  });
});

describe('the report says how memory was limited', () => {
  it('address space, with the reason, when cgroups are hidden (SOCKGRADE_NO_CGROUP=1)', async () => {
    const out = join(folders.make(), 'out.json');
    const run = await runCli(['grade', 'echo', '--server', 'python3 server-good.py', '--cwd', fixturesDir('echo'), '--json', out], { env: { ...process.env, SOCKGRADE_NO_CGROUP: '1' } });
    expect(run.code).toBe(0);
    const report = GradeReportJsonSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.environment.memoryLimit).toBe('address-space');
    expect(report.environment.memoryLimitNote).toMatch(/address space per process: no cgroup for it \(cgroups are hidden \(SOCKGRADE_NO_CGROUP=1\)\)/);
    rmSync(out);
  });
});
