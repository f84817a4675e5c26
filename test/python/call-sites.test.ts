// The shim counts each socket call against the learner's own line (file:line and the line's text),
// cheaply enough for a loop spinning on b'', and readable whenever the harness looks: while the
// program runs, after it exits, and after it was killed with SIGKILL.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot, pythonShimDir } from '../../harness/paths.js';
import { readCallSites, type CallSite } from '../../harness/python/sites.js';
import { startPython, stopAll } from './run-python.js';

const folder = join(projectRoot, 'test', 'fixtures', 'call-sites');

afterEach(async () => {
  expect(await stopAll()).toEqual([]);
});

/** The 1-based line of `file` (under the fixtures folder) whose text contains `code`: read, never hard-coded. */
function lineOf(file: string, code: string): number {
  const index = readFileSync(join(folder, file), 'utf8').split('\n').findIndex((l) => l.includes(code));
  if (index < 0) throw new Error(`${code} is not in ${file}`);
  return index + 1;
}

async function until(test: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!test()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

function find(sites: readonly CallSite[], call: string, file: string, line: number): CallSite | undefined {
  return sites.find((s) => s.call === call && s.file === file && s.line === line);
}

describe('call sites', () => {
  it('of a loop spinning on b\'\' are counted while it runs, and stay readable after a SIGKILL', async () => {
    const started = await startPython('spin.py', { role: 'server', folder });
    const line = lineOf('spin.py', 'a.recv(1024)');
    const sites = () => readCallSites(started.program.options.python?.eventsFile);
    const spinning = () => (find(sites(), 'recv', 'spin.py', line)?.repeatedEmptyReturns ?? 0) > 1000;
    expect(await until(spinning, 10_000)).toBe(true);
    await started.program.stop(); // SIGKILL to the tree: no exit handler runs
    expect(started.program.exitInfo?.signal).toBe('SIGKILL');
    const recv = find(sites(), 'recv', 'spin.py', line)!;
    expect(recv).toMatchObject({ source: 'data = a.recv(1024)', direct: true, bytes: 0 });
    expect(recv.count).toBeGreaterThan(1000);
    // Every call returned b'' on the same socket; all but the first repeat it. The counts are
    // written on every 64th call once past the first 64, so they lag by less than 64.
    expect(recv.emptyReturns).toBe(recv.repeatedEmptyReturns + 1);
    expect(recv.count - recv.emptyReturns).toBeLessThan(64);
    expect(find(sites(), 'close', 'spin.py', lineOf('spin.py', 'b.close()'))?.count).toBe(1);
  });

  it('of send() under a send cap: a dropped rest is told apart from a loop that sends it', async () => {
    const started = await startPython('sends.py', { role: 'server', folder, env: { SOCKGRADE_MAX_SEND: '100' } });
    expect(await started.program.waitExit(10_000)).toMatchObject({ code: 0 });
    const sites = readCallSites(started.program.options.python?.eventsFile);
    const once = find(sites, 'send', 'sends.py', lineOf('sends.py', "a.send(b'x' * 5000)"))!;
    expect(once).toMatchObject({ count: 1, bytes: 100, partialSends: 1, firstPartialSend: { sent: 100, size: 5000 }, unsentRests: 1 });
    const loop = find(sites, 'send', 'sends.py', lineOf('sends.py', 'n = a.send(data)'))!;
    expect(loop).toMatchObject({ count: 50, bytes: 5000, partialSends: 49, firstPartialSend: { sent: 100, size: 5000 }, unsentRests: 0 });
    // sendall() sends everything (the cap is on send()), and is counted as what it was given.
    expect(find(sites, 'sendall', 'sends.py', lineOf('sends.py', 'a.sendall'))).toMatchObject({ count: 1, bytes: 300, partialSends: 0 });
  });

  it('made by the standard library for the learner point at the learner\'s line, marked not direct', async () => {
    const started = await startPython('through-stdlib.py', { role: 'client', folder });
    expect(await started.program.waitExit(10_000)).toMatchObject({ code: 0 });
    const sites = readCallSites(started.program.options.python?.eventsFile);
    const read = find(sites, 'recv_into', 'through-stdlib.py', lineOf('through-stdlib.py', 'f.readline()'));
    expect(read).toMatchObject({ direct: false, source: 'line = f.readline()', bytes: 7 });
    expect(sites.every((s) => !s.file.includes('socket.py') && !s.file.includes('sitecustomize'))).toBe(true);
  });

  it('are named from the run folder when the program is in a subfolder', async () => {
    const started = await startPython('src/app.py', { role: 'client', folder });
    expect(await started.program.waitExit(10_000)).toMatchObject({ code: 0 });
    const sites = readCallSites(started.program.options.python?.eventsFile);
    expect(find(sites, 'recv', join('src', 'app.py'), lineOf('src/app.py', 'a.recv(10)'))).toMatchObject({ count: 1, bytes: 2 });
  });

  it('of a forked child add up with its parent\'s', async () => {
    const started = await startPython('forks.py', { role: 'server', folder });
    expect(await started.program.waitExit(10_000)).toMatchObject({ code: 0 });
    const sites = readCallSites(started.program.options.python?.eventsFile);
    expect(find(sites, 'recv', 'forks.py', lineOf('forks.py', 'a.recv(1)'))).toMatchObject({ count: 2, bytes: 2 });
  });

  it('count a call that is still blocked', async () => {
    const started = await startPython('blocks.py', { role: 'client', folder });
    expect(await started.program.stdout.waitFor((t) => t.includes('first'), 10_000)).toBe(true);
    const file = started.program.options.python?.eventsFile;
    const second = () => find(readCallSites(file), 'recv', 'blocks.py', lineOf('blocks.py', 'second = a.recv(1024)'));
    expect(await until(() => second() !== undefined, 5000)).toBe(true);
    expect(second()).toMatchObject({ count: 1, bytes: 0 });
    expect(find(readCallSites(file), 'recv', 'blocks.py', lineOf('blocks.py', 'first = a.recv(1024)'))).toMatchObject({ count: 1, bytes: 5 });
  });
});

describe("the shim's cost", () => {
  /** CPU microseconds per recv() of the bench loop; the best of three runs (the machine is shared). */
  async function perCall(withShim: boolean): Promise<number> {
    const times: number[] = [];
    const eventsDir = mkdtempSync(join(tmpdir(), 'sockgrade-events-'));
    try {
      for (let i = 0; i < 3; i++) {
        const env: Record<string, string> = withShim
          ? { PYTHONPATH: pythonShimDir, SOCKGRADE_ROLE: 'server', SOCKGRADE_EVENTS: join(eventsDir, 'events.log'), SOCKGRADE_ROOT: folder }
          : { PYTHONPATH: '' };
        const run = await execa('python3', ['bench.py', '100000'], { cwd: folder, env, timeout: 60_000 });
        times.push(Number(run.stdout.trim()));
      }
      if (withShim) expect(readCallSites(join(eventsDir, 'events.log')).find((s) => s.call === 'recv')?.count).toBe(3 * 100_000); // three runs, three processes, one line
    } finally {
      rmSync(eventsDir, { recursive: true, force: true });
    }
    return Math.min(...times);
  }

  it('on a loop spinning on b\'\' stays within 4 times the bare call', async () => {
    const bare = await perCall(false);
    const shimmed = await perCall(true);
    // Measured 1.1 µs bare and 2.7 µs under the shim (2.5×) on a loaded 2-core machine.
    console.log(`recv() after b'': ${bare.toFixed(2)} µs bare, ${shimmed.toFixed(2)} µs under the shim (${(shimmed / bare).toFixed(1)}×)`);
    expect(shimmed / bare).toBeLessThan(4);
  }, 120_000);
});
