// What the shim must not change: a learner's own socket.py breaks their program here as it does
// at home, and a Python 2 interpreter that loads the shim still runs.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { findExceptionLine } from '../../harness/python/errors.js';
import { pythonShimDir } from '../../harness/paths.js';
import { startPython, stopAll, tutorialDir } from './run-python.js';

afterEach(async () => {
  expect(await stopAll()).toEqual([]);
});

describe("a learner's socket.py", () => {
  it('is what `import socket` loads, as at home, and the shim says so', async () => {
    const folder = join(tutorialDir, 'shadow');
    const atHome = await execa('python3', ['server.py'], { cwd: folder, reject: false, timeout: 10_000, env: { PYTHONPATH: '' } });
    const started = await startPython('server.py', { role: 'server', folder });
    await started.program.settle(10_000);
    expect(started.program.exitInfo?.code).toBe(1);
    expect(findExceptionLine(started.program.stderr.text())).toBe(findExceptionLine(atHome.stderr));
    expect(findExceptionLine(atHome.stderr)).toMatch(/partially initialized module 'socket'/);
    expect(started.events().shadowedSocket).toBe(true);
  });
});

const python27 = join(homedir(), '.pyenv', 'versions', '2.7.18', 'bin', 'python');

describe('a Python 2 interpreter named python', () => {
  it.skipIf(!existsSync(python27))('loads the shim without crashing and leaves its sockets alone', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const run = await execa(python27, ['-c', "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.connect_ex(('127.0.0.1', 9))\nprint(s.getsockname()[1])"], {
      env: { PYTHONPATH: pythonShimDir, SOCKGRADE_ROLE: 'server', SOCKGRADE_HOST: '127.0.0.1', SOCKGRADE_PORT: String(port), SOCKGRADE_REDIRECT: '1' },
      extendEnv: false,
      reject: false,
      timeout: 10_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toMatch(/^\d+$/);
    expect(run.stdout.trim()).not.toBe(String(port));
  });
});
