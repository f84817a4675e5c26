// `--open`: shows the HTML report with the system's own opener (xdg-open, open, start), detached
// so sockgrade exits at once; where there is none, says so and where the file is.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

export interface Opener {
  readonly command: string;
  readonly args: readonly string[];
}

/** The command that opens a file in the default application, or undefined when this system has none. */
export function findOpener(file: string, platform: NodeJS.Platform = process.platform, path: string = process.env.PATH ?? ''): Opener | undefined {
  const full = resolve(file);
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', full] };
  const command = platform === 'darwin' ? 'open' : 'xdg-open';
  const found = path.split(delimiter).filter(Boolean).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  return found ? { command, args: [full] } : undefined;
}

/** Opens the file; returns a line for stderr when it cannot. */
export function openFile(file: string): Promise<string | undefined> {
  const opener = findOpener(file);
  if (!opener) return Promise.resolve(`cannot open ${file}: no xdg-open on this system (install xdg-utils, or open the file in a browser yourself)`);
  return new Promise((done) => {
    const child = spawn(opener.command, [...opener.args], { detached: true, stdio: 'ignore' });
    child.once('error', (error) => done(`cannot open ${file} with ${opener.command}: ${error.message}`));
    child.once('spawn', () => {
      child.unref();
      done(undefined);
    });
  });
}
