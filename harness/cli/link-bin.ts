// Run after the build: makes the bundled CLI executable and links it as node_modules/.bin/sockgrade,
// so `npx sockgrade` works inside a fresh clone (npm links only dependencies' bins there).
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../paths.js';

const cli = join(projectRoot, 'dist', 'bundle', 'cli.js');
chmodSync(cli, 0o755);
const binDir = join(projectRoot, 'node_modules', '.bin');
if (existsSync(join(projectRoot, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true });
  const link = join(binDir, 'sockgrade');
  rmSync(link, { force: true });
  if (process.platform === 'win32') {
    writeFileSync(`${link}.cmd`, `@node "%~dp0\\${relative(binDir, cli)}" %*\r\n`);
  } else {
    symlinkSync(relative(binDir, cli), link);
  }
}
