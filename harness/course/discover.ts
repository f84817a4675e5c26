// A sockgrade.config.json in the current folder is never read unless --config names it: a learner
// could place one in the folder being graded (changing points, limits or commands). It is not
// ignored silently either: a one-line note says how to use it.
import { existsSync } from 'node:fs';
import { BATCH_CHILD_ENV } from './child.js';

export const CONFIG_FILE_NAME = 'sockgrade.config.json';

/** Notes on stderr that ./sockgrade.config.json exists but was not read (nothing when --config was given, or in a batch's child). */
export function noteUnreadConfig(given: string | undefined, cwd: string = process.cwd()): void {
  if (given !== undefined || process.env[BATCH_CHILD_ENV] === '1') return;
  if (!existsSync(`${cwd}/${CONFIG_FILE_NAME}`)) return;
  process.stderr.write(`sockgrade: note: ./${CONFIG_FILE_NAME} was not read; pass --config ${CONFIG_FILE_NAME} to grade with it\n`);
}
