// Where the project's own files are, whether we run from dist/ (compiled) or from sources (tests).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'sockgrade') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the sockgrade installation folder (package.json)');
    dir = parent;
  }
}

/** The folder holding package.json. */
export const projectRoot = findProjectRoot();

/** The compiled output folder. */
export const distRoot = join(projectRoot, 'dist');

/** Where the Python shim (sitecustomize.py) lives. */
export const pythonShimDir = join(projectRoot, 'harness', 'python');
