// Our own helper programs that some checks drive a submission with (curl, a headless browser),
// where this machine has them. A check that needs one and finds none says so and how to add it.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Names listed (comma-separated) in this variable are treated as not installed: lets the tests
 * prove what a check does on a machine without the tool, on a machine that has it.
 */
export const HIDE_TOOLS_VARIABLE = 'SOCKGRADE_HIDE_TOOLS';

/** The first executable called `name` on PATH, or undefined. `findTool('curl')` → '/usr/bin/curl'. */
export function findTool(name: string): string | undefined {
  const hidden = (process.env[HIDE_TOOLS_VARIABLE] ?? '').split(',').map((n) => n.trim());
  if (hidden.includes(name)) return undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** Quotes a word for the harness's command splitter (a path with spaces stays one word). */
export function quoteWord(word: string): string {
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}
