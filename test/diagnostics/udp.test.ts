// The diagnoses of UDP programs that do not start properly: worded for bind/recvfrom/sendto, not
// listen/accept/connect; and describeWaiting, which UDP client checks use to say what a silent
// client is doing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { describeWaiting } from '../../harness/check/diagnose.js';
import { Program, TRUSTED } from '../../harness/process/program.js';
import { hasProcFs } from '../../harness/process/proc.js';
import { Transcript } from '../../harness/transcript.js';
import type { CheckResult } from '../../harness/check/types.js';
import { findLeftoverProcesses, gradeFixture } from '../helpers/grade.js';

const STARTUP_MS = 1500;
const made: string[] = [];
const started: Program[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  expect(findLeftoverProcesses().filter((p) => /udp_diag\.py/.test(p))).toEqual([]);
});

function folder(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'udp-diag-'));
  made.push(dir);
  writeFileSync(join(dir, 'udp_diag.py'), source);
  return dir;
}

async function grade(role: 'server' | 'client', source: string): Promise<CheckResult> {
  const report = await gradeFixture('udp-hello', { [role]: 'python3 udp_diag.py' }, { dir: folder(source), timeouts: { startupMs: STARTUP_MS } });
  expect(report.checks.filter((c) => c.status === 'errored').map((c) => c.message)).toEqual([]);
  return report.checks.find((c) => c.id === (role === 'server' ? 'server-starts' : 'client-sends-line'))!;
}

describe('a UDP server that does not start', () => {
  it('that ends at once is told to bind() and wait in recvfrom(), not to listen()', async () => {
    const result = await grade('server', 'import sys\nsys.exit(3)\n');
    expect(result.status).toBe('failed');
    expect(result.message).toContain('before it bound its UDP port');
    expect(result.hint).toContain('A UDP server must bind() and then wait in recvfrom()');
    expect(result.hint).not.toContain('listen()');
  });

  it('that forgot SOCK_DGRAM is told so', async () => {
    const result = await grade('server', "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 12345))\ns.recvfrom(1024)\n");
    expect(result.message).toContain('Transport endpoint is not connected');
    expect(result.hint).toContain('socket.SOCK_DGRAM');
  });

  it('that never binds is told it did not bind its UDP port', async () => {
    const result = await grade('server', 'import time\ntime.sleep(30)\n');
    expect(result.message).toMatch(/did not bind UDP port \d+ within 1\.5 s/);
    if (hasProcFs) expect(result.message).toContain('sleeping');
  });
});

describe('a UDP client that sends nothing', () => {
  it('that waits for a reply before sending says so', async () => {
    const result = await grade('client', "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(('127.0.0.1', 0))\ninput()\ns.recvfrom(1024)\n");
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/the client sent nothing to 127\.0\.0\.1:\d+ within 1\.5 s after we typed "world"/);
    if (hasProcFs) expect(result.message).toContain('waiting to receive data (recv())');
  });

  it('that asks for more input first says so', async () => {
    const result = await grade('client', "name = input('user? ')\nhost = input('server? ')\n");
    expect(result.message).toContain('it read the line and is waiting for more keyboard input');
  });

  it('that crashes gets UDP advice, not connect()', async () => {
    const result = await grade('client', "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendto(input(), ('127.0.0.1', 8888))\n");
    expect(result.message).toContain("a bytes-like object is required, not 'str'");
    expect(result.hint).toContain('sendto(data, (host, port))');
    expect(result.hint).toContain("Socket data is bytes in Python 3");
  });
});

describe.runIf(hasProcFs)('describeWaiting', () => {
  it('names the call a live program is blocked in, and nothing once it has ended', async () => {
    const dir = folder("import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(('127.0.0.1', 0))\nprint('ready', flush=True)\ns.recvfrom(1024)\n");
    const program = Program.start({ label: 'client', command: 'python3 udp_diag.py', cwd: dir, address: { host: '127.0.0.1', port: 1 }, transcript: new Transcript(), confinement: TRUSTED });
    started.push(program);
    expect(await program.stdout.waitFor((text) => text.includes('ready'), 5000)).toBe(true);
    // Printing comes just before the call: give it a moment to block (bounded).
    let words: string | undefined;
    for (let i = 0; i < 100 && words === undefined; i++) {
      words = describeWaiting(program)?.en;
      if (words === undefined || words.startsWith('busy')) {
        words = undefined;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    expect(words).toBe('waiting to receive data (recv())');
    await program.stop();
    expect(describeWaiting(program)).toBeUndefined();
  });
});
