// Without Linux's /proc (macOS, Windows) sockgrade falls back to a bind probe for readiness,
// timed gaps between pieces and process-group kills. SOCKGRADE_NO_PROCFS=1 forces those paths.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GradeReportJsonSchema } from '../../harness/report/schema.js';
import { fixturesDir, findLeftoverProcesses } from '../helpers/grade.js';
import { readFileSync } from 'node:fs';
import { createTempFolders, runCli } from '../helpers/cli.js';

async function gradeWithoutProc(args: string[]) {
  const out = join(folders.make(), 'report.json');
  const run = await runCli(['grade', 'echo', '--cwd', fixturesDir('echo'), '--json', out, '-q', ...args], { env: { ...process.env, SOCKGRADE_NO_PROCFS: '1' } });
  if (run.code !== 0 && run.code !== 1) throw new Error(`the CLI failed (${run.code}): ${run.stderr}`);
  return { report: GradeReportJsonSchema.parse(JSON.parse(readFileSync(out, 'utf8'))), cliPid: run.pid };
}

const folders = createTempFolders();
afterAll(folders.cleanup);

describe('without /proc', () => {
  it('grades right programs full marks, contained by process group', async () => {
    const { report } = await gradeWithoutProc(['--server', 'python3 server-good.py', '--client', 'python3 client-good.py']);
    expect(report.environment.containment).toBe('process-group');
    expect(report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });

  it('still catches the bugs that do not need /proc to be seen', async () => {
    const { report, cliPid } = await gradeWithoutProc(['--server', 'python3 server-single-recv.py', '--client', 'python3 client-single-recv.py']);
    const failed = report.checks.filter((c) => c.status === 'failed').map((c) => c.id);
    expect(failed).toEqual(expect.arrayContaining(['server-echoes-byte-pieces', 'client-collects-split-echo']));
    expect(findLeftoverProcesses(cliPid)).toEqual([]);
  });
});
