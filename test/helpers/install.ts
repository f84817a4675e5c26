// Packing sockgrade as npm publishes it and installing the tarball in an empty folder, without a
// registry: the dependencies come from npm's cache (which `npm ci` filled), pinned to the
// versions of our own lockfile so that npm needs no registry metadata to resolve them.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../harness/paths.js';

interface LockEntry {
  readonly version?: string;
  readonly dev?: boolean;
  readonly link?: boolean;
  readonly [key: string]: unknown;
}

interface Lockfile {
  readonly packages: Record<string, LockEntry>;
}

export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command; never rejects (a missing program shows as code 127). */
export function run(file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : error.code === 'ENOENT' ? 127 : 99) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? error.message : '') });
    });
  });
}

/** `npm pack` of the built project into `dir` (the build is the suite's; --ignore-scripts skips `prepare`). Returns the tarball's path. */
export async function packProject(dir: string): Promise<string> {
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: projectRoot });
  if (packed.code !== 0) throw new Error(`npm pack failed: ${packed.stderr.trim().split('\n').pop()}`);
  const [info] = JSON.parse(packed.stdout) as [{ filename: string }];
  return join(dir, info.filename);
}

/**
 * Writes a course folder depending on the tarball, with a lockfile holding sockgrade's production
 * dependencies exactly as our lockfile resolved them, so `npm ci --offline` needs only the cache.
 */
export function writeCourseFolder(dir: string, tarball: string): void {
  mkdirSync(dir, { recursive: true });
  const ours = JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8')) as Lockfile;
  const me = ours.packages['']!;
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'course', dependencies: { sockgrade: spec } },
    'node_modules/sockgrade': { version: me.version, resolved: spec, dependencies: me.dependencies, bin: me.bin, engines: me.engines },
  };
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (path !== '' && !entry.dev && !entry.link) packages[path] = entry;
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'course', private: true, type: 'module', dependencies: { sockgrade: spec } }, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'course', lockfileVersion: 3, requires: true, packages }, null, 2));
}

/**
 * `npm ci --offline` in the course folder. Returns why it cannot run here (npm missing, or a
 * dependency not in the cache: a skip); any other failure is the package's and throws.
 */
export async function installOffline(dir: string): Promise<string | undefined> {
  const installed = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir });
  if (installed.code === 0) return undefined;
  if (installed.code === 127) return 'npm is not installed';
  const notCached = installed.stderr.split('\n').find((l) => /ENOTCACHED/.test(l));
  if (notCached) return notCached.trim();
  throw new Error(`npm ci of the packed sockgrade failed (exit ${installed.code}):\n${installed.stderr.trim()}`);
}
