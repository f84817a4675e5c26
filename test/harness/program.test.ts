// Spawning, readiness, output capture and the whole-tree kill, on real programs.
import { connect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Program, TRUSTED } from '../../harness/process/program.js';
import { waitUntilListening } from '../../harness/process/readiness.js';
import { isDeadOrZombie, listProcessTree } from '../../harness/process/proc.js';
import { Transcript } from '../../harness/transcript.js';
import getPort from 'get-port';

const started: Program[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function startPython(source: string, port: number, extra: Partial<Parameters<typeof Program.start>[0]> = {}): Program {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-test-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'prog.py'), source);
  const program = Program.start({ label: 'server', command: 'python3 prog.py {port}', cwd: dir, address: { host: '127.0.0.1', port }, transcript: new Transcript(), confinement: TRUSTED, ...extra });
  started.push(program);
  return program;
}

const ONE_CLIENT_ECHO = `
import socket, sys
s = socket.socket()
s.bind(('127.0.0.1', int(sys.argv[1])))
s.listen()
c, _ = s.accept()
c.sendall(c.recv(100))
`;

describe('readiness', () => {
  it('finds the listening socket without using up the only accept()', async () => {
    const port = await getPort();
    const program = startPython(ONE_CLIENT_ECHO, port);
    const ready = await waitUntilListening(program, { protocol: 'tcp', port, timeoutMs: 5000 });
    expect(ready.kind).toBe('listening');
    const echoed = await new Promise<string>((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => socket.write('first client'));
      socket.on('data', (d) => resolve(d.toString()));
      socket.on('error', reject);
    });
    expect(echoed).toBe('first client');
  });

  it('tells a program listening on another port', async () => {
    const port = await getPort();
    const other = await getPort();
    const program = startPython(`import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', ${other}))\ns.listen()\ntime.sleep(30)`, port);
    const ready = await waitUntilListening(program, { protocol: 'tcp', port, timeoutMs: 5000, wrongPortGraceMs: 200 });
    expect(ready).toEqual({ kind: 'wrong-port', ports: [other] });
  });

  it('reports an exit before listening at once, and a program waiting on input() at the bound', async () => {
    const port = await getPort();
    const crashing = startPython('raise SystemExit(3)', port);
    expect(await waitUntilListening(crashing, { protocol: 'tcp', port, timeoutMs: 5000 })).toMatchObject({ kind: 'exited', exit: { code: 3 } });
    const asking = startPython('input("port? ")', port);
    const t0 = performance.now();
    expect(await waitUntilListening(asking, { protocol: 'tcp', port, timeoutMs: 700 })).toEqual({ kind: 'timeout', waitingOnStdin: true });
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it('sees a bound UDP socket', async () => {
    const port = await getPort();
    const program = startPython(`import socket, sys, time\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(('127.0.0.1', int(sys.argv[1])))\ntime.sleep(30)`, port);
    expect((await waitUntilListening(program, { protocol: 'udp', port, timeoutMs: 5000 })).kind).toBe('listening');
  });
});

describe('output and stdin', () => {
  it('keeps the first bytes up to the cap and keeps draining so the program never blocks', async () => {
    const program = startPython('import sys\nfor _ in range(2000): sys.stdout.write("x" * 5000)\nprint("done", file=sys.stderr)', 0, { outputCapBytes: 64 * 1024 });
    const exit = await program.waitExit(10_000);
    expect(exit?.code).toBe(0);
    await program.settle(2000);
    expect(program.stdout.text().length).toBe(64 * 1024);
    expect(program.stdout.totalBytes).toBe(10_000_000);
    expect(program.stdout.truncated).toBe(true);
    expect(program.stderr.text()).toBe('done\n');
  });

  it('sees a prompt without a newline, then answers it', async () => {
    const program = startPython('name = input("用户名>>>")\nprint("hi", name)', 0);
    expect(await program.stdout.waitFor((t) => t.endsWith('用户名>>>'), 5000)).toBe(true);
    program.writeStdin('小明\n');
    expect(await program.stdout.waitFor((t) => t.includes('hi 小明'), 5000)).toBe(true);
  });

  it('reports a command that does not exist as a start failure, not an exception', async () => {
    const program = Program.start({ label: 'server', command: 'no-such-interpreter x.py', cwd: tmpdir(), address: { host: '127.0.0.1', port: 1 }, transcript: new Transcript(), confinement: TRUSTED });
    expect(program.exitInfo?.spawnError).toMatch(/command not found: no-such-interpreter/);
  });
});

describe('stop', () => {
  it('ends the whole tree, children included', async () => {
    const program = startPython('import subprocess, time\nsubprocess.Popen(["sleep", "60"])\nsubprocess.Popen(["sleep", "61"])\nprint("ok", flush=True)\ntime.sleep(60)', 0);
    expect(await program.stdout.waitFor((t) => t.includes('ok'), 5000)).toBe(true);
    const tree = listProcessTree(program.pid!);
    expect(tree.length).toBeGreaterThanOrEqual(4);
    await program.stop();
    expect(tree.filter((pid) => !isDeadOrZombie(pid))).toEqual([]);
  });
});
