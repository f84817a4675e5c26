// The learner's commands as a learner meets them: check (the guess said, its override, its
// errors), check --watch (a save regrades, Ctrl-C ends it with nothing left), serve (the
// reference by hand, both roles) and doctor (what the machine offers, as JSON).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { probeBwrap } from '../../harness/process/sandbox.js';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInExercises as exercises } from '../../exercises/index.js';
import { gradeReferenceCatalogue, DoctorReportSchema } from '../../harness/cli/doctor.js';
import { projectRoot } from '../../harness/paths.js';
import { CLI, createTempFolders, runCli } from '../helpers/cli.js';
import { findLeftoverProcesses } from '../helpers/grade.js';

const folders = createTempFolders();
afterAll(folders.cleanup);

/** A submission folder holding copies of files, without their sockgrade.json. */
function copyOf(...files: string[]): string {
  const dir = folders.make('sockgrade-check-');
  for (const file of files) copyFileSync(join(projectRoot, file), join(dir, file.split('/').pop()!));
  return dir;
}

/** A CLI run whose output can be awaited line by line, for the long-running commands. */
function startCli(args: readonly string[], cwd: string): { child: ChildProcess; output: () => string; waitFor: (pattern: RegExp, count?: number, timeoutMs?: number) => Promise<void>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let text = '';
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, count = 1, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited ${timeoutMs} ms for ${pattern} ×${count}; output:\n${text}`)), timeoutMs);
      const test = () => {
        if ((text.match(new RegExp(pattern.source, 'g')) ?? []).length >= count) {
          clearTimeout(timer);
          resolve();
        } else {
          waiters.push(test);
        }
      };
      test();
    });
  return { child, output: () => text, waitFor, exit };
}

describe.concurrent('sockgrade check', () => {
  it('guesses a tutorial-style client, says why, the runner-up and how to override, and grades it', async () => {
    const dir = copyOf('examples/time-chat-tutorial-style/client.py', 'examples/time-chat-tutorial-style/server.py');
    const { code, stdout } = await runCli(['check', 'client.py'], { cwd: dir });
    expect(stdout).toMatch(/client\.py looks like the time-chat client .*请输入用户端发送内容/);
    expect(stdout).toMatch(/runner-up: the \S+ \S+/);
    expect(stdout).toMatch(/wrong guess\? say which: sockgrade check client\.py --exercise \S+ --role (server|client)/);
    expect(stdout).toMatch(/sockgrade · time-chat/);
    expect(stdout).toMatch(/client: python3 client\.py/);
    expect(stdout).not.toMatch(/\[server\//);
    expect(code).toBe(0);
  });

  it('says it is not sure when the file could be two exercises', async () => {
    const dir = copyOf('test/fixtures/echo/server-reads-port.py');
    const { stdout } = await runCli(['check', 'server-reads-port.py', '--command', 'python3 server-reads-port.py {port}'], { cwd: dir });
    expect(stdout).toMatch(/not sure which exercise server-reads-port\.py is; my best guess is the (echo|echo-loop) server/);
  });

  it('grades what --exercise and --role say, whatever the guess', async () => {
    const dir = copyOf('examples/echo-correct/server.py');
    const { code, stdout } = await runCli(['check', 'server.py', '--exercise', 'echo-loop', '--role', 'server'], { cwd: dir });
    expect(stdout).toMatch(/checking server\.py as the echo-loop server \(as you said\)/);
    expect(stdout).toMatch(/sockgrade · echo-loop/);
    expect(code).toBe(0);
  });

  it('follows the folder’s sockgrade.json when it names the file', async () => {
    const { stdout } = await runCli(['check', 'examples/udp-echo-tutorial-style/udp_server.py']);
    expect(stdout).toMatch(/as the udp-echo server \(from sockgrade\.json\)/);
  });

  it.each([
    ['a file that does not exist', ['check', 'nope.py'], /the file nope\.py does not exist/],
    ['a file of no exercise', ['check', 'notes.py'], /cannot tell which exercise notes\.py is .*--exercise \S+ --role/],
    ['a program that is not Python, without --command', ['check', 'server.c', '--exercise', 'echo', '--role', 'server'], /server\.c is not a Python file: say how to run it with --command/],
    ['a wrong role', ['check', 'notes.py', '--exercise', 'web', '--role', 'client'], /exercise web has no client role/],
    ['an unknown exercise', ['check', 'notes.py', '--exercise', 'nope', '--role', 'server'], /unknown exercise "nope"/],
  ])('%s is a one-line error, exit 2', async (_name, args, pattern) => {
    const dir = folders.make();
    writeFileSync(join(dir, 'notes.py'), 'print("my notes")\n');
    writeFileSync(join(dir, 'server.c'), 'int main(void) { return 0; }\n');
    const { code, stderr } = await runCli(args, { cwd: dir });
    expect(stderr).toMatch(pattern);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(code).toBe(2);
  });

  it('--watch grades, grades again after a save, and Ctrl-C ends it with no program left', async () => {
    const dir = folders.make('sockgrade-watch-');
    // A first version that loses the end of a large echo (send, not sendall), then the fix.
    const broken = 'import socket\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\ns.bind(("127.0.0.1", 65432))\ns.listen()\nwhile True:\n    c, a = s.accept()\n    while True:\n        d = c.recv(1024)\n        if not d:\n            break\n        c.send(d)\n    c.close()\n';
    writeFileSync(join(dir, 'server.py'), broken);
    writeFileSync(join(dir, 'client.py'), "import socket\ns = socket.create_connection(('127.0.0.1', 65432))\ns.sendall(b'Hello, world')\nprint(s.recv(1024))\n");
    const run = startCli(['check', 'server.py', '--watch', '--sandbox', 'off', '--exercise', 'echo', '--role', 'server'], dir);
    try {
      await run.waitFor(/watching for changes/);
      expect(run.output()).toMatch(/:\( echoes 3 MiB intact/);
      writeFileSync(join(dir, 'server.py'), broken.replace('c.send(d)', 'c.sendall(d)'));
      await run.waitFor(/watching for changes/, 2);
      const second = run.output().split(/server\.py changed, checking again/)[1] ?? '';
      expect(second).toMatch(/:\) echoes 3 MiB intact/);
      expect(second).toMatch(/all \d+ checks passed/);
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
      expect(run.output()).toMatch(/stopped watching/);
      expect(findLeftoverProcesses(run.child.pid)).toEqual([]);
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});

/** Processes whose command line names this file: a program sockgrade started from it. */
function processesRunning(name: string): string[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      return cmdline.includes(name) && !cmdline.includes('--watch') ? [`${pid} ${cmdline}`] : [];
    } catch {
      return [];
    }
  });
}

describe('sockgrade check --watch in the network sandbox', () => {
  it.skipIf(!probeBwrap().ok)('Ctrl-C reaches the grader inside the sandbox: it says so, exits 0, and its programs are gone', async () => {
    const dir = folders.make('sockgrade-watch-');
    const name = `srv_${process.pid}_${Date.now()}.py`;
    // A server that never answers: its checks wait on it, so Ctrl-C lands during a grading.
    writeFileSync(join(dir, name), 'import socket, time\ns = socket.socket()\ns.bind(("127.0.0.1", 65432))\ns.listen()\nc, a = s.accept()\ntime.sleep(60)\n');
    const run = startCli(['check', name, '--watch', '--exercise', 'echo', '--role', 'server'], dir);
    try {
      await run.waitFor(/as you said/, 1, 30_000);
      // Ctrl-C while the learner's program runs in a check.
      const deadline = performance.now() + 20_000;
      while (processesRunning(name).length === 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(processesRunning(name).length).toBeGreaterThan(0);
      expect(run.output()).not.toMatch(/watching for changes/);
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
      expect(run.output()).toMatch(/stopped watching/);
      expect(processesRunning(name)).toEqual([]);
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});

describe('sockgrade serve', () => {
  it('runs the reference server on --port until Ctrl-C, and tells how to connect', async () => {
    const dir = folders.make();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const run = startCli(['serve', 'echo', 'server', '--port', String(port)], dir);
    try {
      await run.waitFor(/Ctrl-C stops it/, 1, 20_000);
      expect(run.output()).toContain(`listening on 127.0.0.1:${port} (TCP)`);
      expect(run.output()).toMatch(/point your client at \('127\.0\.0\.1', \d+\)/);
      const echoed = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end('hello by hand'));
        let got = '';
        socket.on('data', (d) => (got += d.toString()));
        socket.on('close', () => resolve(got));
        socket.on('error', reject);
      });
      expect(echoed).toBe('hello by hand');
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
      // The reference is gone: its port is free again.
      await new Promise<void>((resolve, reject) => {
        const server = createServer().once('error', reject).listen(port, '127.0.0.1', () => server.close(() => resolve()));
      });
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('runs the reference client against --target, the terminal as its user', async () => {
    const got: string[] = [];
    const server = createServer((conn) => conn.on('data', (d) => { got.push(d.toString()); conn.end(d); }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { code, stdout } = await runCli(['serve', 'echo', 'client', '--target', `127.0.0.1:${port}`], { timeoutMs: 20_000 });
      expect(got.join('')).toBe('Hello, world');
      expect(stdout).toMatch(/Hello, world/);
      expect(code).toBe(0);
    } finally {
      server.close();
    }
  });

  it.each([
    ['no role', ['serve', 'echo'], /serve takes an exercise and a role/],
    ['a role the exercise lacks', ['serve', 'web', 'client', '--target', '127.0.0.1:1'], /exercise web has no client role/],
    ['a client without --target', ['serve', 'echo', 'client'], /needs your server's address/],
    ['a bad --target', ['serve', 'echo', 'client', '--target', 'localhost'], /--target takes host:port/],
    ['a bad --port', ['serve', 'echo', 'server', '--port', '99999'], /--port takes a port/],
  ])('%s is a one-line error, exit 2', async (_name, args, pattern) => {
    const { code, stderr } = await runCli(args);
    expect(stderr).toMatch(pattern);
    expect(code).toBe(2);
  });
});

describe.concurrent('sockgrade doctor', () => {
  it('--json says what the machine offers, each missing piece with its cost; exit 0 when nothing needed is missing', async () => {
    const { code, stdout } = await runCli(['doctor', '--json', '--no-grade']);
    const report = DoctorReportSchema.parse(JSON.parse(stdout));
    const ids = report.findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['node', 'python3', 'python2', 'pid-namespace', 'network-namespace', 'bubblewrap', 'cgroup-memory', 'chromium', 'cc', 'java']));
    for (const finding of report.findings) if (finding.status === 'missing') expect(finding.cost).toBeTruthy();
    const neededMissing = report.findings.filter((f) => f.needed && f.status === 'missing');
    expect(report.ok).toBe(neededMissing.length === 0);
    expect(code).toBe(report.ok ? 0 : 1);
  });

  it('exit 1 when something needed is missing (python3 hidden)', async () => {
    const { code, stdout } = await runCli(['doctor', '--no-grade'], { env: { ...process.env, SOCKGRADE_HIDE_TOOLS: 'python3' } });
    expect(stdout).toMatch(/MISSING Python 3/);
    expect(stdout).toMatch(/the install is broken: needed but missing: python3/);
    expect(code).toBe(1);
  });

  it('grades references of the catalogue at once, each said as it is done (two here; the CLI does all)', async () => {
    const done: string[] = [];
    const graded = await gradeReferenceCatalogue(exercises.filter((e) => e.id === 'echo' || e.id === 'greet'), (g) => done.push(g.exercise.id));
    expect([...done].sort()).toEqual(['echo', 'greet']);
    expect(graded.map((g) => g.exercise.id)).toEqual(['echo', 'greet']);
    for (const g of graded) {
      expect(g.report?.checks.every((c) => c.status === 'passed')).toBe(true);
      expect(new Set(g.report?.checks.map((c) => c.role))).toEqual(new Set(['server', 'client']));
    }
  });
});
