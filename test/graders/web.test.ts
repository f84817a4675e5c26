// The web exercise's checks that use tools of the machine (curl, headless Chromium): what they say
// where the tools are installed, and that without them the verdicts stay the same and a right
// server keeps full marks (the tools are hidden through SOCKGRADE_HIDE_TOOLS to prove it here).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../harness/paths.js';
import type { GradeReport } from '../../harness/check/runner.js';
import { findTool, HIDE_TOOLS_VARIABLE } from '../../graders/expect/tools.js';
import { findLeftoverProcesses, gradeFixture, idsWith } from '../helpers/grade.js';

const BROWSER = 'server-browser-shows-page';
const HTTP = 'server-speaks-http';
const ALL_TOOLS = 'curl,chromium,chromium-browser,google-chrome';

function resultOf(report: GradeReport, id: string) {
  return report.checks.find((c) => c.id === id)!;
}

/** Runs `task` with an environment variable set (tests in this file run one at a time). */
async function withVariable<T>(name: string, value: string, task: () => Promise<T>): Promise<T> {
  const before = process.env[name];
  process.env[name] = value;
  try {
    return await task();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}

/** Grades with the tools hidden, as on a machine without them. */
function gradeWithoutTools(...args: Parameters<typeof gradeFixture>): Promise<GradeReport> {
  return withVariable(HIDE_TOOLS_VARIABLE, ALL_TOOLS, () => gradeFixture(...args));
}

afterAll(() => {
  expect(findLeftoverProcesses()).toEqual([]);
});

describe('with the tools this machine has', () => {
  const hasCurl = findTool('curl') !== undefined;
  const hasChromium = findTool('chromium') !== undefined;

  it(`the reference says which real clients judged it (curl ${hasCurl ? 'installed' : 'absent'}, Chromium ${hasChromium ? 'installed' : 'absent'})`, async () => {
    const report = await gradeFixture('web', { server: 'reference' }, { only: [BROWSER] });
    expect(report.score).toBe(report.maxScore);
    expect(resultOf(report, HTTP).message).toContain(hasCurl ? "Node's HTTP client and curl both accepted it" : 'curl is not installed here');
    expect(resultOf(report, BROWSER).message).toContain(hasChromium ? 'headless Chromium loaded the page and showed the heading <h1>welcome nginx</h1>' : 'apt-get install chromium');
  });
});

describe('on a machine without curl or a browser', () => {
  it('a right server keeps full marks, and the notes say how to add the tools', async () => {
    const report = await gradeWithoutTools('web', { server: 'python3 server-good.py' }, { only: [BROWSER] });
    expect(idsWith(report, 'failed')).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(resultOf(report, HTTP).message).toContain('curl is not installed here, so it did not judge (to add it: apt-get install curl)');
    expect(resultOf(report, BROWSER).message).toContain('No browser is installed here, so no browser loaded the page (to add one: apt-get install chromium)');
  });

  it('a text/plain page still fails the browser check, judged from its Content-Type', async () => {
    const report = await gradeWithoutTools('web', { server: 'python3 server-text-plain.py' }, { only: [BROWSER] });
    expect(idsWith(report, 'failed')).toEqual([BROWSER]);
    expect(resultOf(report, BROWSER).message).toContain('Content-Type: text/plain');
    expect(resultOf(report, BROWSER).message).toContain('apt-get install chromium');
  });

  it('the tutorial as printed grades as the cases file says', async () => {
    const dir = join(projectRoot, 'examples', 'web-tutorial-style');
    const report = await gradeWithoutTools('web', { server: 'python3 web_server.py' }, { dir });
    expect(idsWith(report, 'failed').sort()).toEqual(['server-reads-long-request', HTTP]);
    expect(idsWith(report, 'skipped')).toEqual([BROWSER]);
    expect(resultOf(report, HTTP).message).toContain('HTTP/0.9');
    expect(resultOf(report, HTTP).message).not.toContain('curl said');
  });
});

describe('with a Chromium that cannot run here', () => {
  it('a right server keeps its point: the Content-Type judges instead, and the note says why', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'sockgrade-test-'));
    writeFileSync(join(bin, 'chromium'), '#!/bin/sh\necho "chromium: cannot open display" >&2\nexit 1\n');
    chmodSync(join(bin, 'chromium'), 0o755);
    const report = await withVariable('PATH', `${bin}:${process.env.PATH ?? ''}`, () => gradeFixture('web', { server: 'python3 server-good.py' }, { only: [BROWSER] })).finally(() => rmSync(bin, { recursive: true, force: true }));
    expect(report.score).toBe(report.maxScore);
    expect(resultOf(report, BROWSER).message).toContain('headless Chromium ended without showing the page (chromium: cannot open display); judged from the Content-Type instead');
  });
});
