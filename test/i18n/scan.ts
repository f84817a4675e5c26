// Finds words shown to people that are written in one language only: a `fail(…)`, a
// `new CheckFailure(…)`, a `ctx.note(…)`, or a `hint:` / `title:` / `note:` / `warning:` property
// whose value is a plain string literal or template instead of `t('English', '中文')`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../../harness/paths.js';

/** Every .ts file under `folder` (project-relative), recursively. */
export function sourcesUnder(folder: string): string[] {
  const dir = join(projectRoot, folder);
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(relative(projectRoot, path));
    return name.endsWith('.ts') ? [relative(projectRoot, path)] : [];
  });
}

/** A call or property whose first argument / value starts as a string: quote or backtick. */
const ONE_LANGUAGE = [
  /\bfail\(\s*(['"`])/g,
  /\bnew CheckFailure\(\s*(['"`])/g,
  /\.note\(\s*(['"`])/g,
  /(?:^|[\s{,(])(hint|title|note|warning)\s*:\s*(['"`])/g,
];

/** "file:line: the line" for each place in `file` that shows a one-language string to people. */
export function findOneLanguageStrings(file: string): string[] {
  return findInSource(readFileSync(join(projectRoot, file), 'utf8'), file);
}

/** `findOneLanguageStrings` on a source text. */
export function findInSource(source: string, file: string): string[] {
  const lines = source.split('\n');
  const found: string[] = [];
  lines.forEach((line, i) => {
    const code = line.trimStart();
    if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return;
    if (ONE_LANGUAGE.some((re) => new RegExp(re.source).test(line))) found.push(`${file}:${i + 1}: ${code.slice(0, 140)}`);
  });
  return found;
}
