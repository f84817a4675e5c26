// A learner's program must not be able to plant a stored baseline: in the sandbox the cache
// folder (the default under the grader's home, or one set with SOCKGRADE_CACHE_DIR) is not there
// to write. The unsandboxed run is the control that shows the probe can write where it may.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineCacheDir } from '../../harness/check/baseline-cache.js';
import { Program, TRUSTED } from '../../harness/process/program.js';
import { probeBwrap } from '../../harness/process/sandbox.js';
import { Transcript } from '../../harness/transcript.js';
import { createTempFolders } from '../helpers/cli.js';

const bwrap = probeBwrap();
const folders = createTempFolders();
afterAll(folders.cleanup);

const PROBE = `
import os, sys
for target in sys.argv[1:]:
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, 'w') as f:
            f.write('{}')
        print('WROTE', target, flush=True)
    except OSError as e:
        print('BLOCKED', target, e.strerror, flush=True)
print('DONE', flush=True)
`;

async function plant(sandbox: boolean, targets: readonly string[]): Promise<string> {
  const cwd = folders.make('sockgrade-');
  writeFileSync(join(cwd, 'plant.py'), PROBE);
  const program = Program.start({
    label: 'server',
    command: `python3 plant.py ${targets.join(' ')}`,
    cwd,
    address: { host: '127.0.0.1', port: 0 },
    transcript: new Transcript(),
    python: { role: 'server', redirect: false },
    confinement: sandbox ? { kind: 'learner', limits: {}, sandbox: true } : TRUSTED,
  });
  try {
    expect(await program.stdout.waitFor((text) => text.includes('DONE'), 10_000)).toBe(true);
    return program.stdout.text();
  } finally {
    await program.stop();
  }
}

describe.skipIf(!bwrap.ok)(`a learner cannot plant a stored baseline${bwrap.ok ? '' : ' (skipped: bubblewrap is missing or cannot run here)'}`, () => {
  it('the probe writes into a cache folder without the sandbox (the control)', async () => {
    const dir = join(folders.make('sockgrade-cache-'), 'baselines');
    const target = join(dir, `planted-${randomBytes(4).toString('hex')}.json`);
    expect(await plant(false, [target])).toContain(`WROTE ${target}`);
    expect(existsSync(target)).toBe(true);
  });

  it('in the sandbox, neither the default cache folder nor one set with SOCKGRADE_CACHE_DIR gets the file', async () => {
    const name = `planted-${randomBytes(4).toString('hex')}.json`;
    const set = join(folders.make('sockgrade-cache-'), 'baselines');
    mkdirSync(set, { recursive: true, mode: 0o700 });
    const defaultDir = baselineCacheDir({ ...process.env, SOCKGRADE_CACHE_DIR: '', SOCKGRADE_LEVERS: 'on' })!;
    const targets = [join(set, name), join(defaultDir, name)];
    try {
      await plant(true, targets);
      for (const target of targets) expect(existsSync(target), target).toBe(false);
    } finally {
      for (const target of targets) rmSync(target, { force: true });
    }
  });
});
