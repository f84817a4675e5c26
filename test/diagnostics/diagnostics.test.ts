// Every message a learner gets when their program does not start properly, each triggered by a
// real program graded the way `sockgrade grade` does it. They are failed checks, never errors.
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import getPort from 'get-port';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../harness/check/types.js';
import { findLeftoverProcesses, gradeFixture } from '../helpers/grade.js';
import { findExercise } from '../../exercises/index.js';
import { gradeSubmission } from '../../harness/check/runner.js';
import { createSubmission } from '../../harness/check/submission.js';
import { projectRoot } from '../../harness/paths.js';

const diagDir = join(projectRoot, 'test', 'fixtures', 'tutorial', 'diag');
const STARTUP_MS = 1500;
const made: string[] = [];
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  // Other test files run in parallel: only processes of these fixtures count.
  expect(findLeftoverProcesses().filter((p) => /diag_(server|client)\.py|backlog-full/.test(p))).toEqual([]);
});

/** A submission folder holding `fixture` as diag_server.py or diag_client.py, with __PORT__ filled in. */
function submission(role: 'server' | 'client', fixture: string, port?: number, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'diag-'));
  made.push(dir);
  const text = readFileSync(join(diagDir, fixture), 'utf8').replaceAll('__PORT__', String(port ?? 0));
  writeFileSync(join(dir, `diag_${role}.py`), text);
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  return dir;
}

async function grade(role: 'server' | 'client', dir: string, redirect = true): Promise<CheckResult> {
  const report = await gradeFixture('echo', { [role]: `python3 diag_${role}.py` }, { dir, redirect, timeouts: { startupMs: STARTUP_MS } });
  const first = report.checks.find((c) => c.id === (role === 'server' ? 'server-starts' : 'client-connects'))!;
  expect(report.checks.filter((c) => c.status === 'errored').map((c) => c.message)).toEqual([]);
  // Everything else depends on the first check, so a program that cannot start costs no more time.
  expect(report.checks.filter((c) => c !== first).every((c) => c.status === 'skipped')).toBe(true);
  return first;
}

function expectFailure(result: CheckResult, ...patterns: (string | RegExp)[]) {
  expect(result.status).toBe('failed');
  for (const p of patterns) expect(`${result.message}\nhint: ${result.hint}`).toMatch(p);
}

function holdPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      cleanups.push(() => server.close());
      resolve({ server, port: (server.address() as { port: number }).port });
    });
  });
}

describe('Python 2 code gets the interpreter’s own line', () => {
  it('a server with print statements', async () => {
    const result = await grade('server', submission('server', 'server-python2.py'));
    expectFailure(result, 'Python 2 code, which does not run under Python 3', "SyntaxError: Missing parentheses in call to 'print'", "diag_server.py:10: print 'Server start at: %s:%s' %(HOST, PORT)", /hint: Port it to Python 3/);
  });

  it('a client with print statements', async () => {
    const result = await grade('client', submission('client', 'client-python2.py'));
    expectFailure(result, 'Python 2 code', "diag_client.py:9: print data");
  });
});

describe('a crash shows the exception and the learner’s file:line', () => {
  it("the tutorial's sock.connect('192.168.0.1', 8001)", async () => {
    const result = await grade('client', submission('client', 'client-connect-two-args.py'));
    expectFailure(result, /TypeError: .*connect\(\) takes exactly one argument \(2 given\) \(at diag_client\.py:4\)/);
  });

  it('a socket.py in the folder is named as the cause', async () => {
    const dir = submission('server', 'server-lan-address.py');
    copyFileSync(join(projectRoot, 'test', 'fixtures', 'tutorial', 'shadow', 'socket.py'), join(dir, 'socket.py'));
    const result = await grade('server', dir);
    expectFailure(result, "partially initialized module 'socket'", 'Your folder has a file named socket.py', /hint: Rename your socket\.py/);
  });
});

describe('a server that does not listen', () => {
  it('ends before listening, without an error', async () => {
    const result = await grade('server', submission('server', 'server-no-listen.py'));
    expectFailure(result, 'the server ended before it listened: exited with code 0 without an error; the last thing it printed was: Server start at 127.0.0.1:65432');
  });

  it('waits for keyboard input instead, at its file:line', async () => {
    const result = await grade('server', submission('server', 'server-asks-port.py'));
    expectFailure(result, `did not listen within ${STARTUP_MS / 1000} s: it is waiting for keyboard input at diag_server.py:3 (port = int(input('port: '))) instead`);
  });

  it('is still sleeping when the time is up', async () => {
    const result = await grade('server', submission('server', 'server-sleeps.py'));
    expectFailure(result, `did not listen on port`, 'meanwhile it was sleeping (time.sleep())');
  });

  it('listens on its own fixed port when redirection is off', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const result = await grade('server', submission('server', 'server-fixed-port.py', port), false);
    expectFailure(result, `the server listens on port ${port}, not on the port it was given`, /hint: .*\{port\}/);
  });

  it('binds a LAN address that is not on this machine when redirection is off', async () => {
    const result = await grade('server', submission('server', 'server-lan-address.py'), false);
    expectFailure(result, "the server tried to use ('192.168.247.1', 12345), which is not an address of this machine", 'Cannot assign requested address (at diag_server.py:4)');
  });

  it('binds a port another program holds when redirection is off', async () => {
    const { port } = await holdPort();
    const result = await grade('server', submission('server', 'server-fixed-port.py', port), false);
    expectFailure(result, `the server could not bind ('127.0.0.1', ${port}): another program is already using that port`, 'Address already in use (at diag_server.py:5)');
  });
});

describe('a client that waits for input nobody types', () => {
  it('connects, then sits in input(): told where, not only that it sent nothing', async () => {
    const dir = submission('client', 'client-asks-after-connect.py');
    const report = await gradeFixture('echo', { client: 'python3 diag_client.py' }, { dir, only: ['client-sends-and-prints', 'client-collects-split-echo'], timeouts: { startupMs: STARTUP_MS, replyMs: 1000, exitMs: 1000 } });
    expect(report.checks.find((c) => c.id === 'client-connects')?.status).toBe('passed');
    for (const id of ['client-sends-and-prints', 'client-collects-split-echo']) {
      const result = report.checks.find((c) => c.id === id)!;
      expectFailure(result, "the client is waiting for keyboard input at diag_client.py:7 (msg = input('Please input msg:')), but nothing is typed in this check", /hint: Nothing is typed in this check/);
      // What the check itself saw stays in the report.
      expect(result.notes.some((n) => n.startsWith('what the check saw: '))).toBe(true);
    }
  });

  it('a check whose program may wait for typed input is not explained by the wait', async () => {
    const exercise = findExercise('echo')!;
    const check = exercise.checks.find((c) => c.id === 'client-sends-and-prints')!;
    const dir = submission('client', 'client-asks-after-connect.py');
    const report = await gradeSubmission(exercise, [{ ...check, waitsForTypedInput: true }], createSubmission(dir, { client: 'python3 diag_client.py' }), { timeouts: { startupMs: STARTUP_MS, replyMs: 1000, exitMs: 1000 } });
    expect(report.checks[0]!.status).toBe('failed');
    expect(report.checks[0]!.message).not.toMatch(/keyboard input/);
  });
});

describe('a client that does not connect', () => {
  it('asks for input before connecting, at its file:line', async () => {
    const result = await grade('client', submission('client', 'client-asks-first.py'));
    expectFailure(result, "it is waiting for keyboard input at diag_client.py:3 (msg = input('Please input msg:')) first");
  });

  it('sleeps instead of connecting', async () => {
    const result = await grade('client', submission('client', 'client-sleeps.py'));
    expectFailure(result, 'and never tried to; meanwhile it was sleeping (time.sleep())');
  });

  it('connects to a port where nothing listens when redirection is off', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const result = await grade('client', submission('client', 'client-fixed-port.py', port), false);
    expectFailure(result, `could not connect to ('127.0.0.1', ${port}): nothing is listening there`, 'ConnectionRefusedError');
  });

  it('is connected to another program when redirection is off', async () => {
    const { port } = await holdPort();
    const result = await grade('client', submission('client', 'client-fixed-port.py', port), false);
    expectFailure(result, `the client connected to 127.0.0.1:${port} instead of the server it was given`);
  });

  it('is stuck connecting to another address when redirection is off', async () => {
    const blockerDir = mkdtempSync(join(tmpdir(), 'diag-'));
    made.push(blockerDir);
    cpSync(join(diagDir, 'backlog-full.py'), join(blockerDir, 'backlog-full.py'));
    const blocker: ResultPromise = execa('python3', ['backlog-full.py'], { cwd: blockerDir, stdin: 'pipe', reject: false, timeout: 60_000 });
    cleanups.push(() => blocker.kill('SIGKILL'));
    const port = await new Promise<number>((resolve) => blocker.stdout!.once('data', (c: Buffer) => resolve(Number(c.toString().trim()))));
    const result = await grade('client', submission('client', 'client-fixed-port.py', port), false);
    expectFailure(result, `the client is still trying to connect to 127.0.0.1:${port} instead of the server it was given`, /hint: .*--no-redirect/);
  });
});
