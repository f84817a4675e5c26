// Running the built CLI from tests, as a user would, and making throwaway folders.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../harness/paths.js';

export const CLI = join(projectRoot, 'dist', 'bundle', 'cli.js');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** The CLI's pid, to look for programs it left behind (findLeftoverProcesses). */
  readonly pid: number;
}

/**
 * The tests' environment: this process's, in an English locale, so that a suite run on a machine
 * set to Chinese still sees the English words it asserts (sockgrade's default language is the locale's).
 */
const ENGLISH_ENV: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C.UTF-8' };

/** Runs `sockgrade ARGS` with colours off (`cli`: another installation's dist/bundle/cli.js); never rejects (a crash shows as code 99). */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; cli?: string } = {}): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [options.cli ?? CLI, ...args],
      { cwd: options.cwd ?? projectRoot, timeout: options.timeoutMs ?? 120_000, env: { ...(options.env ?? ENGLISH_ENV), NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr, ms: performance.now() - started, pid: child.pid ?? 0 });
      },
    );
  });
}

/** Makes temporary folders and removes them all in `cleanup()` (call it from afterAll). */
export function createTempFolders(): { make: (prefix?: string) => string; cleanup: () => void } {
  const made: string[] = [];
  return {
    make: (prefix = 'sockgrade-test-') => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    cleanup: () => {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
