// Starting a process with piped stdio, detached into a group of its own.
//
// On Linux and macOS this is node's own spawn: execa adds nothing we use there, and importing it
// costs every `sockgrade` command 100–150 ms of module loading (README § Performance). On Windows,
// execa (through cross-spawn) is what runs `.cmd` shims and scripts with a shebang, so it is
// loaded there, once, when this module is.
import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
}

const windowsSpawner = process.platform === 'win32' ? (await import('execa')).execa : undefined;

/** Starts `file` with `args`: stdio piped, a process group of its own, no shell, the environment exactly `env`. */
export function spawnPiped(file: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  if (windowsSpawner) {
    const child = windowsSpawner(file, args, {
      cwd: options.cwd,
      env: options.env,
      extendEnv: false,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      detached: true,
      cleanup: false,
      forceKillAfterDelay: false,
      windowsHide: true,
    });
    // execa's own promise settles when stdio closes; only the events are used.
    child.catch(() => {});
    return child;
  }
  return spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true, windowsHide: true });
}
