// ctx.startTool: our own helper programs (curl, a headless browser) run trusted, get the address
// filled in, and end with the check like every other program.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { findExercise } from '../../exercises/index.js';
import { CheckContext, DEFAULT_TIMEOUTS, type RunSettings } from '../../harness/check/context.js';
import { createSubmission } from '../../harness/check/submission.js';
import { DEFAULT_LIMITS } from '../../harness/process/limits.js';
import { isDeadOrZombie, listProcessTree } from '../../harness/process/proc.js';

const submissionDir = mkdtempSync(join(tmpdir(), 'sockgrade-test-'));
afterAll(() => rmSync(submissionDir, { recursive: true, force: true }));

function createContext(): CheckContext {
  const exercise = findExercise('echo')!;
  const settings: RunSettings = {
    exercise,
    submission: createSubmission(submissionDir, { server: 'python3 server.py' }),
    timeouts: DEFAULT_TIMEOUTS,
    redirect: true,
    limits: DEFAULT_LIMITS,
    sandbox: false,
  };
  return new CheckContext(settings, exercise.checks[0]!);
}

// Prints the port it was given twice (argument and environment), then waits with a child that waits too.
const TOOL = `${JSON.stringify(process.execPath)} -e "console.log(process.argv[1], process.env.PORT); require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' }); setTimeout(() => {}, 60000)" {port}`;

it('starts a trusted tool with the address filled in, and ends its whole tree with the check', async () => {
  const ctx = createContext();
  const tool = await ctx.startTool(TOOL, { host: '127.0.0.1', port: 4321 }, { label: 'tool' });
  expect(tool.isLearners).toBe(false);
  expect(await tool.stdout.waitFor((text) => text.includes('\n'), 5000)).toBe(true);
  expect(tool.stdout.text().trim()).toBe('4321 4321');
  let tree: number[] = [];
  for (const deadline = performance.now() + 5000; tree.length < 3 && performance.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
    tree = listProcessTree(tool.pid!);
  }
  expect(tree.length).toBeGreaterThanOrEqual(2);
  await ctx.dispose();
  expect(tree.filter((pid) => !isDeadOrZombie(pid))).toEqual([]);
  expect(ctx.transcript.events().some((e) => e.actor === 'tool' && e.kind === 'spawn')).toBe(true);
});

it('refuses to start a tool once the check has ended', async () => {
  const ctx = createContext();
  await ctx.dispose();
  await expect(ctx.startTool(TOOL, { host: '127.0.0.1', port: 1 }, { label: 'tool' })).rejects.toThrow('already ended');
});
