// Submissions in other languages: C compiled by the build step, JavaScript (Node), Java, and
// commands with shell syntax, graded on the echo exercise with the verdicts a learner would get.
// Tests that need a compiler or a JVM are skipped, and say so in their name, where none is installed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../harness/check/runner.js';
import { GradeReportJsonSchema } from '../../harness/report/schema.js';
import { projectRoot } from '../../harness/paths.js';
import { createTempFolders, runCli } from '../helpers/cli.js';
import { findLeftoverProcesses, fixturesDir, gradeFixture, idsWith } from '../helpers/grade.js';

const dir = join(projectRoot, 'test', 'fixtures', 'echo-any-language');
const folders = createTempFolders();
afterAll(() => {
  folders.cleanup();
  expect(findLeftoverProcesses()).toEqual([]);
});

function installed(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const cc = installed('cc', ['--version']) && installed('make', ['--version']);
const java = installed('java', ['-version']) && installed('javac', ['-version']);
const unless = (ok: boolean, what: string) => (ok ? '' : ` (skipped: ${what} is not installed)`);

function problems(report: GradeReport): string[] {
  return report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id} (${c.status}): ${c.message}`);
}

describe.skipIf(!cc)(`C, built once by the build step${unless(cc, 'a C compiler (cc) or make')}`, () => {
  it('a right server and client score full marks; make runs once, before every other check', async () => {
    const report = await gradeFixture('echo', { server: './server {port}', client: './client {host} {port}' }, { dir, build: 'make' });
    expect(problems(report)).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(report.submission.build).toBe('make');
    const builds = report.checks[0]!;
    expect(builds).toMatchObject({ id: 'builds', role: 'server', tags: ['basic'], status: 'passed', maxScore: 0 });
    // Once per grading: one build spawn in the whole report, and only in its own check.
    const spawns = report.checks.flatMap((c) => c.transcript.filter((e) => e.actor === 'build' && e.kind === 'spawn').map(() => c.id));
    expect(spawns).toEqual(['builds']);
  });

  it('a server that treats received bytes as a C string (strlen) fails the binary echo, every time', async () => {
    const report = await gradeFixture('echo', { server: './server-strlen {port}' }, { dir, build: 'make', only: ['server-echoes-all-bytes'], timeouts: { replyMs: 1000 } });
    expect(idsWith(report, 'passed')).toEqual(['builds', 'server-starts']);
    const check = report.checks.find((c) => c.id === 'server-echoes-all-bytes')!;
    expect(check.status).toBe('failed');
    // Byte 0x00 comes first: strlen() is 0 and nothing is echoed, whatever the timing.
    expect(check.message).toMatch(/expected 256 bytes from the server, got 0/);
  });

  it('a build that fails is a failed check with the compiler\'s first error and its file:line; every other check is skipped', async () => {
    const report = await gradeFixture('echo', { server: './server {port}' }, { dir, build: 'cc -Wall -o server server-syntax-error.c' });
    const builds = report.checks[0]!;
    expect(builds.status).toBe('failed');
    expect(builds.message).toMatch(/^the build failed: it exited with code 1; the first error: server-syntax-error\.c:6:5: error: /);
    expect(builds.actual).toMatch(/^server-syntax-error\.c:6:5: error: /);
    expect(builds.actual).not.toMatch(/warning/);
    const others = report.checks.slice(1);
    expect(others.length).toBeGreaterThan(0);
    for (const check of others) {
      expect(check.status).toBe('skipped');
      expect(check.message).toBe(`can't check until "builds with cc -Wall -o server server-syntax-error.c" passes`);
    }
    expect(report.score).toBe(0);
  });

  it('a build that does not end fails at its own bound, and leaves nothing running', async () => {
    const started = performance.now();
    const report = await gradeFixture('echo', { server: './server {port}' }, { dir, build: 'sleep 60', buildTimeoutMs: 1000 });
    expect(report.checks[0]).toMatchObject({ id: 'builds', status: 'failed', message: 'the build did not finish within 1 s (--build-timeout raises this bound)' });
    expect(performance.now() - started).toBeLessThan(8000);
    expect(findLeftoverProcesses().filter((p) => p.includes('sleep 60'))).toEqual([]);
  });

  it("the issue's command: compile and start in one shell command (&&)", async () => {
    const report = await gradeFixture('echo', { server: 'cc -O1 -o srv server.c && ./srv {port}' }, { dir, only: ['server-echoes-all-bytes'] });
    expect(problems(report)).toEqual([]);
  });
});

describe('JavaScript (Node)', () => {
  it('a right server and client score full marks', async () => {
    const report = await gradeFixture('echo', { server: 'node server.js {port}', client: 'node client.js {host} {port}' }, { dir });
    expect(problems(report)).toEqual([]);
    expect(report.score).toBe(report.maxScore);
  });

  it('PORT={port} node server.js: the port in an environment assignment', async () => {
    const report = await gradeFixture('echo', { server: 'PORT={port} node server.js' }, { dir, only: ['server-starts'] });
    expect(problems(report)).toEqual([]);
  });
});

describe('shell commands still get the Python shim', () => {
  it('cd src && python3 server.py: the hard-coded address is redirected', async () => {
    const submission = folders.make();
    mkdirSync(join(submission, 'src'));
    copyFileSync(join(fixturesDir('echo'), 'server-good.py'), join(submission, 'src', 'server.py'));
    const report = await gradeFixture('echo', { server: 'cd src && python3 server.py' }, { dir: submission, only: ['server-echoes-all-bytes'] });
    expect(problems(report)).toEqual([]);
    expect(report.redirections).toEqual([expect.stringContaining("bind ('192.168.247.1', 12345)")]);
  });
});

describe.skipIf(!java)(`Java${unless(java, 'a JDK (java and javac)')}`, () => {
  const build = 'javac -d build Server.java';
  const server = 'java -cp build Server {port}';

  it('a right server passes with the default limits, under whichever memory limit applies here', async () => {
    const report = await gradeFixture('echo', { server }, { dir, build });
    expect(problems(report)).toEqual([]);
    expect(['cgroup', 'address-space']).toContain(report.environment.memoryLimit);
  });

  it('and with only the address-space limit (no cgroup), it still starts', async () => {
    const out = join(folders.make(), 'out.json');
    const run = await runCli(['grade', 'echo', '--build', build, '--server', server, '--cwd', dir, '--json', out], { env: { ...process.env, SOCKGRADE_NO_CGROUP: '1' } });
    const report = GradeReportJsonSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.environment.memoryLimit).toBe('address-space');
    expect(report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(run.code).toBe(0);
    expect(findLeftoverProcesses(run.pid)).toEqual([]);
  });

  it('under an address-space limit too small for the JVM, it is told so, with the flag that raises it', async () => {
    // Built beforehand: javac is a JVM too, and would meet the limit first.
    const prebuilt = folders.make();
    execFileSync('javac', ['-d', join(prebuilt, 'build'), join(dir, 'Server.java')]);
    const out = join(folders.make(), 'out.json');
    const run = await runCli(['grade', 'echo', '--server', server, '--cwd', prebuilt, '--memory', '512M', '--json', out], { env: { ...process.env, SOCKGRADE_NO_CGROUP: '1' } });
    expect(run.code).toBe(1);
    const report = GradeReportJsonSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const starts = report.checks.find((c) => c.id === 'server-starts')!;
    expect(starts.status).toBe('failed');
    expect(starts.message).toBe('the server could not reserve the address space its runtime wants at start: this machine limits address space per process to 512 MiB, not the memory a program uses (memory limit)');
    expect(starts.hint).toContain('--memory 4G');
  });
});
