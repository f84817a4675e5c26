// Reference scenarios kept across runs (issue #17): what the reference does in a scenario whose
// result never changes is stored on disk, keyed by everything the result can depend on, so a
// grading does not start reference programs to learn it again. Every failure here (no home folder,
// a read-only disk, a corrupt or foreign entry) is a miss: grading then computes, as without it.
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { lstat, readdir, readFile, rename, unlink, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { Exercise } from '../../exercises/schema.js';
import { ROLES } from './types.js';
import { referenceScript } from './reference.js';
import { projectRoot } from '../paths.js';
import { leverOn } from '../levers.js';
import { moduleTreeDigest } from '../util/module-digest.js';

/** Bumped when the entry format or the key's parts change: older entries are then never read. */
const FORMAT = 1;

export const CACHE_DIR_VARIABLE = 'SOCKGRADE_CACHE_DIR';

/** How a scenario opts in to being kept across runs (`defineBaseline(name, compute, { persist })`). */
export interface PersistOptions<T> {
  /**
   * Bump when the scenario's result changes for a reason its code cannot show (its code, the
   * reference's build, the Node version and the exercise's fixtures are in the key already).
   */
  readonly version: number;
  /**
   * The module whose code and data make the scenario (its `import.meta.url`): that file and every
   * file it imports by a relative path are in the key.
   */
  readonly module: string | URL;
  /** What a stored result must be; an entry that does not match it is a miss. */
  readonly schema: z.ZodType<T>;
  /**
   * Whether a result is final: every program ended and nothing was cut short by a bound (a loaded
   * machine can make the reference late). Only settled results are stored. Default: all are.
   */
  settled?(value: T): boolean;
  /** Environment variables the result depends on; their values join the key. */
  readonly env?: readonly string[];
}

/** What the cache did in this process; the bench and the verdict test read it. */
export const baselineCacheCounts = { hits: 0, misses: 0, stored: 0 };

/**
 * The folder baselines are kept in, or undefined when the cache is off: SOCKGRADE_CACHE_DIR (or
 * `off`), else $XDG_CACHE_HOME/sockgrade, else ~/.cache/sockgrade; and off with SOCKGRADE_LEVERS=off.
 */
export function baselineCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!leverOn('baseline-cache', env)) return undefined;
  const set = env[CACHE_DIR_VARIABLE]?.trim();
  if (set === 'off') return undefined;
  if (set) return join(resolve(set), 'baselines');
  const xdg = env.XDG_CACHE_HOME?.trim();
  if (xdg && isAbsolute(xdg)) return join(xdg, 'sockgrade', 'baselines');
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  return home ? join(home, '.cache', 'sockgrade', 'baselines') : undefined;
}

/**
 * Only a folder (or entry) that this user owns and nobody else may write is trusted: an entry is
 * taken as the reference's word, so one planted by another user (a cache dir under /tmp) must not be.
 */
function trusted(stats: Stats, kind: 'dir' | 'file'): boolean {
  if (stats.isSymbolicLink() || (kind === 'dir' ? !stats.isDirectory() : !stats.isFile())) return false;
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) return false;
  return process.platform === 'win32' || (stats.mode & 0o022) === 0;
}

/** sha256 of the files under `path` (names and contents), or a marker if it is missing. */
function treeDigest(path: string): string {
  const digest = createHash('sha256');
  const walk = (p: string, name: string): void => {
    const stats = lstatSync(p, { throwIfNoEntry: false });
    if (!stats) digest.update(`${name}\0missing\n`);
    else if (stats.isDirectory()) for (const entry of readdirSync(p).sort()) walk(join(p, entry), `${name}/${entry}`);
    else digest.update(`${name}\0`).update(readFileSync(p)).update('\n');
  };
  walk(path, '.');
  return digest.digest('hex');
}

/**
 * The key of a scenario for an exercise: its name and version; the code that computes it (its
 * module's tree and the harness's, as they run); the reference programs it starts (each role's
 * script and what it imports: dist/reference/ for a built-in one, the course's own file by
 * content); the fixtures copied beside them; Node's version and platform; and the environment
 * it names. Undefined when a reference is missing (the scenario then fails as it always has).
 */
export async function baselineKey(name: string, persist: PersistOptions<unknown>, exercise: Exercise, harnessModule: string | URL): Promise<string | undefined> {
  let references: string[];
  try {
    references = ROLES.filter((role) => exercise.roles[role]).map((role) => referenceScript(exercise, role));
  } catch {
    return undefined;
  }
  const fixturesDir = exercise.fixturesDir ?? join(projectRoot, 'exercises', 'fixtures', exercise.id);
  const parts = {
    format: FORMAT,
    name,
    version: persist.version,
    exercise: exercise.id,
    code: [await moduleTreeDigest([persist.module]), await moduleTreeDigest([harnessModule])],
    references: await moduleTreeDigest(references),
    fixtures: exercise.fixtures.map((f) => treeDigest(join(fixturesDir, f))),
    node: [process.version, process.platform, process.arch],
    env: Object.fromEntries(['NODE_OPTIONS', ...(persist.env ?? [])].map((v) => [v, process.env[v] ?? null])),
  };
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

// ---- Values to JSON and back, exactly ---------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const BYTES = '$bytes';
const UNREPRESENTABLE = Symbol('unrepresentable');

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * JSON for a result (a Buffer becomes {"$bytes": base64}), or UNREPRESENTABLE for anything JSON
 * would change: undefined, -0, NaN, class instances other than Buffer, sparse arrays, a `$bytes` key.
 */
function toJson(value: unknown): Json | typeof UNREPRESENTABLE {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : UNREPRESENTABLE;
  if (typeof value !== 'object') return UNREPRESENTABLE;
  if (Buffer.isBuffer(value)) return { [BYTES]: value.toString('base64') };
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return UNREPRESENTABLE;
      const item = toJson(value[i]);
      if (item === UNREPRESENTABLE) return UNREPRESENTABLE;
      out.push(item);
    }
    return out;
  }
  if (!isPlainObject(value)) return UNREPRESENTABLE;
  const out: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === BYTES) return UNREPRESENTABLE;
    const json = toJson(item);
    if (json === UNREPRESENTABLE) return UNREPRESENTABLE;
    out[key] = json;
  }
  return out;
}

function fromJson(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(fromJson);
  if (json === null || typeof json !== 'object') return json;
  const entries = Object.entries(json);
  if (entries.length === 1 && entries[0]![0] === BYTES) {
    const base64 = entries[0]![1];
    if (typeof base64 !== 'string') return UNREPRESENTABLE;
    const bytes = Buffer.from(base64, 'base64');
    // Node's decoder skips what is not base64: an altered entry must not decode to other bytes.
    return bytes.toString('base64') === base64 ? bytes : UNREPRESENTABLE;
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, fromJson(item)]));
}

function containsUnrepresentable(value: unknown): boolean {
  if (value === UNREPRESENTABLE) return true;
  if (Array.isArray(value)) return value.some(containsUnrepresentable);
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) return Object.values(value).some(containsUnrepresentable);
  return false;
}

const EntrySchema = z.strictObject({
  format: z.literal(FORMAT),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  scenario: z.string(),
  node: z.string(),
  writtenAt: z.string(),
  value: z.unknown(),
});

/** An entry unused this long is removed: every rebuild or upgrade leaves the old build's entries unread. */
export const UNUSED_ENTRY_MS = 30 * 24 * 3600_000;
/** A temporary file this old belongs to a writer that died before renaming it. */
const STALE_TEMP_MS = 3600_000;

/** Removes entries unused for UNUSED_ENTRY_MS and temporary files left by dead writers. Runs after each store. */
async function prune(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const limit = name.endsWith('.tmp') ? STALE_TEMP_MS : name.endsWith('.json') ? UNUSED_ENTRY_MS : undefined;
    if (limit === undefined) continue;
    const path = join(dir, name);
    const stats = await lstat(path).catch(() => undefined);
    if (stats && now - stats.mtimeMs > limit) await unlink(path).catch(() => {});
  }
}

/** The stored result for `key`, or undefined on any miss (absent, foreign, corrupt, partial, untrusted). */
export async function readBaseline<T>(dir: string, key: string, name: string, schema: z.ZodType<T>): Promise<T | undefined> {
  try {
    const path = join(dir, `${key}.json`);
    if (!trusted(await lstat(dir), 'dir') || !trusted(await lstat(path), 'file')) return undefined;
    const entry = EntrySchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (!entry.success || entry.data.key !== key || entry.data.scenario !== name) return undefined;
    const value = fromJson(entry.data.value);
    if (containsUnrepresentable(value)) return undefined;
    const parsed = schema.safeParse(value);
    if (!parsed.success) return undefined;
    // Marks the entry as used, so pruning keeps it (access times are not reliable).
    const now = new Date();
    await utimes(path, now, now).catch(() => {});
    return parsed.data;
  } catch {
    return undefined;
  }
}

/**
 * Stores a result under `key`: written to a file of its own and renamed into place, so a reader
 * (another vitest worker, a batch child) sees a whole entry or none. Returns whether it was
 * stored; a value JSON cannot carry exactly, or a folder that cannot be written, is not an error.
 */
export async function writeBaseline(dir: string, key: string, name: string, value: unknown): Promise<boolean> {
  const json = toJson(value);
  if (json === UNREPRESENTABLE) return false;
  const text = JSON.stringify({ format: FORMAT, key, scenario: name, node: process.version, writtenAt: new Date().toISOString(), value: json });
  if (!isDeepStrictEqual(fromJson((JSON.parse(text) as { value: unknown }).value), value)) return false;
  const temp = join(dir, `.${key}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!trusted(lstatSync(dir), 'dir')) return false;
    await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
    await rename(temp, join(dir, `${key}.json`));
    await prune(dir);
    return true;
  } catch {
    await unlink(temp).catch(() => {});
    return false;
  }
}
