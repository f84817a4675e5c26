// A digest of the code a module runs: its file and every file it imports by a relative path,
// transitively. Whatever form the code runs in is what is read: compiled JavaScript under dist/
// when the CLI runs, the TypeScript sources under vitest (an import of `./x.js` is then `./x.ts`).
// Bare imports (node:*, packages) are not followed: the Node version and the lockfile stand for them.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Static imports, re-exports, dynamic imports of a literal and require() of a literal, relative only. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.\.?\/[^'"]+)['"]/g;

/** The file a relative specifier names, as it exists on disk (or undefined). */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), base.replace(/\.cjs$/, '.cts'), `${base}.js`, `${base}.ts`, resolve(base, 'index.js'), resolve(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

interface FileFacts {
  readonly hash: string;
  readonly imports: readonly string[];
}

/**
 * Each file is read again only when its size or modification time changed: a long-lived grader
 * whose reference programs are rebuilt under it (they start afresh each time) sees the new build.
 */
const facts = new Map<string, { readonly stamp: string; readonly facts: Promise<FileFacts> }>();

async function factsOf(file: string): Promise<FileFacts> {
  const stats = await stat(file);
  const stamp = `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
  const known = facts.get(file);
  if (known?.stamp === stamp) return known.facts;
  const fresh = readFile(file).then((content) => {
    const text = content.toString('utf8');
    const imports = [...text.matchAll(RELATIVE_IMPORT)].map((m) => resolveSpecifier(file, m[1]!) ?? `missing:${resolve(dirname(file), m[1]!)}`);
    return { hash: createHash('sha256').update(content).digest('hex'), imports };
  });
  facts.set(file, { stamp, facts: fresh });
  fresh.catch(() => facts.delete(file));
  return fresh;
}

/**
 * sha256 over the path (relative to the folder that holds them all) and content of every file
 * reachable from `entries` (paths or file: URLs) through relative imports. A file that cannot be read, or an import naming no file, enters the
 * digest as such, so the digest still changes when it appears.
 */
export async function moduleTreeDigest(entries: readonly (string | URL)[]): Promise<string> {
  const seen = new Map<string, string>();
  let frontier = entries.map((e) => (typeof e === 'string' && !e.startsWith('file:') ? resolve(e) : fileURLToPath(e)));
  while (frontier.length > 0) {
    const next: string[] = [];
    await Promise.all(frontier.map(async (file) => {
      if (seen.has(file)) return;
      seen.set(file, 'pending');
      if (file.startsWith('missing:')) {
        seen.set(file, 'missing');
        return;
      }
      try {
        const { hash, imports } = await factsOf(file);
        seen.set(file, hash);
        next.push(...imports);
      } catch {
        seen.set(file, 'unreadable');
      }
    }));
    frontier = next.filter((f) => !seen.has(f));
  }
  // Paths relative to the folder holding them all: the same code checked out elsewhere has the same digest.
  const paths = [...seen.keys()].map((file) => file.replace(/^missing:/, ''));
  const root = paths.reduce((common, path) => {
    while (common !== dirname(common) && !path.startsWith(common.endsWith(sep) ? common : common + sep)) common = dirname(common);
    return common;
  }, dirname(paths[0] ?? sep));
  const digest = createHash('sha256');
  const lines = [...seen.entries()].map(([file, status]) => `${relative(root, file.replace(/^missing:/, ''))}\0${status}\n`).sort();
  for (const line of lines) digest.update(line);
  return digest.digest('hex');
}
