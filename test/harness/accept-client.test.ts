// acceptClient: a client that connects and ends at once has connected. Its exit may be seen
// before the listener takes the connection the kernel completed first; the verdict must not
// depend on which of the two events the grader sees first (checked many times, under load).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../harness/paths.js';
import { findLeftoverProcesses, gradeFixture } from '../helpers/grade.js';

const RUNS = 24;
const AT_ONCE = 4;
let burner: ChildProcess | undefined;

beforeAll(() => {
  burner = spawn(process.execPath, ['-e', 'const end = Date.now() + 120000; while (Date.now() < end) {}'], { stdio: 'ignore' });
});

afterAll(() => {
  if (burner?.pid !== undefined && burner.exitCode === null) process.kill(burner.pid, 'SIGKILL');
  expect(findLeftoverProcesses()).toEqual([]);
});

describe('acceptClient', () => {
  it('counts a client that connects and crashes at once as connected, every time', async () => {
    const wrong: string[] = [];
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        for (let i = 0; i < RUNS / AT_ONCE; i++) {
          const report = await gradeFixture('echo', { client: 'python3 connects-and-crashes.py {host} {port}' }, { dir: join(projectRoot, 'test/fixtures/harness'), only: ['client-connects'] });
          const result = report.checks.find((c) => c.id === 'client-connects')!;
          if (result.status !== 'passed') wrong.push(result.message);
        }
      }),
    );
    expect(wrong).toEqual([]);
  }, 120_000);
});
