// Every check runs in its own copy of the submission's folder: the copy must be the folder a
// learner handed in (nested folders, executables still executable, links still links, large files
// whole) without what is never part of it (VCS data, caches, virtual environments).
import { chmodSync, existsSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { copySubmission } from '../../harness/check/context.js';
import { namespacedEnvironment, NETNS_ENV } from '../../harness/process/sandbox.js';
import { createTempFolders } from '../helpers/cli.js';

const folders = createTempFolders();
afterAll(folders.cleanup);

it('copies a submission folder as it is, without .git, __pycache__, node_modules or a venv', () => {
  const from = folders.make('sockgrade-copy-from-');
  mkdirSync(join(from, 'lib', 'deep'), { recursive: true });
  writeFileSync(join(from, 'server.py'), 'print("hi")\n');
  writeFileSync(join(from, 'lib', 'deep', 'data.bin'), Buffer.from([0, 255, 1]));
  writeFileSync(join(from, 'run.sh'), '#!/bin/sh\necho run\n');
  chmodSync(join(from, 'run.sh'), 0o755);
  const big = Buffer.alloc(3 * 1024 * 1024 + 5, 7);
  writeFileSync(join(from, 'big.jpg'), big);
  if (process.platform !== 'win32') symlinkSync('server.py', join(from, 'link.py'));
  for (const skipped of ['.git', '__pycache__', 'node_modules', '.venv', 'venv']) {
    mkdirSync(join(from, skipped));
    writeFileSync(join(from, skipped, 'x'), 'x');
  }
  mkdirSync(join(from, 'lib', '__pycache__'));

  const to = join(folders.make('sockgrade-copy-to-'), 'run');
  copySubmission(from, to);

  expect(readFileSync(join(to, 'server.py'), 'utf8')).toBe('print("hi")\n');
  expect(readFileSync(join(to, 'lib', 'deep', 'data.bin'))).toEqual(Buffer.from([0, 255, 1]));
  expect(readFileSync(join(to, 'big.jpg')).equals(big)).toBe(true);
  if (process.platform !== 'win32') {
    expect(statSync(join(to, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(statSync(join(to, 'server.py')).mode & 0o111).toBe(0);
    expect(readlinkSync(join(to, 'link.py'))).toBe('server.py');
  }
  for (const skipped of ['.git', '__pycache__', 'node_modules', '.venv', 'venv', join('lib', '__pycache__')]) {
    expect(existsSync(join(to, skipped)), skipped).toBe(false);
  }
});

it('a grader re-run inside the loopback-only namespace drops NODE_EXTRA_CA_CERTS and keeps the rest', () => {
  const env = namespacedEnvironment({ NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', PATH: '/usr/bin', LANG: 'zh_CN.UTF-8' });
  expect(env).toEqual({ PATH: '/usr/bin', LANG: 'zh_CN.UTF-8', [NETNS_ENV]: '1' });
});
