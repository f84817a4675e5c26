// The store behind reference scenarios kept across runs (harness/check/baseline-cache.ts): what
// the key covers, that values come back exactly, that anything wrong on disk is a miss, that
// parallel graders may write at once, and how CheckContext.baseline uses it.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineExercise, type Exercise } from '../../exercises/schema.js';
import { baselineCacheCounts, baselineCacheDir, baselineKey, readBaseline, writeBaseline, type PersistOptions } from '../../harness/check/baseline-cache.js';
import { CheckContext, DEFAULT_TIMEOUTS, defineBaseline, forgetBaselines, type RunSettings } from '../../harness/check/context.js';
import { createSubmission } from '../../harness/check/submission.js';
import type { Check } from '../../harness/check/types.js';
import { t } from '../../harness/i18n/text.js';
import { distRoot } from '../../harness/paths.js';
import { createTempFolders } from '../helpers/cli.js';

const folders = createTempFolders();
afterAll(folders.cleanup);

const CHECK: Check = {
  id: 'server-starts',
  title: t('starts', '启动'),
  role: 'server',
  tags: ['basic'],
  points: 1,
  hint: t('Start.', '启动。'),
  async run() {},
};

/** A course's own exercise whose reference server is `server.mjs` (importing `lib.mjs`) in `dir`. */
function ownExercise(dir: string, id = 'own-cache'): Exercise {
  if (!existsSync(join(dir, 'server.mjs'))) {
    writeFileSync(join(dir, 'lib.mjs'), 'export const REPLY = "one";\n');
    writeFileSync(join(dir, 'server.mjs'), "import { REPLY } from './lib.mjs';\nconsole.log(REPLY);\n");
    writeFileSync(join(dir, 'scenario.mjs'), 'export const LINES = ["a"];\n');
  }
  return defineExercise({
    id,
    title: t('Own', '自己的'),
    source: { seed: 'test', section: 'test' },
    protocol: 'tcp',
    roles: { server: { defaultCommand: 'python3 server.py', reference: { file: join(dir, 'server.mjs') } } },
    summary: t('A test exercise.', '一个测试练习。'),
    checks: [CHECK],
  });
}

const HARNESS = pathToFileURL(join(import.meta.dirname, '..', '..', 'harness', 'check', 'context.ts'));
const persistOf = (dir: string, extra: Partial<PersistOptions<unknown>> = {}): PersistOptions<unknown> => ({ version: 1, module: join(dir, 'scenario.mjs'), schema: z.unknown(), ...extra });

describe('the key', () => {
  /** A copy of the course folder `from` (its reference, the module it imports, the scenario's module), one file changed. */
  function copy(from: string, file?: string, content?: string): string {
    const to = folders.make('sockgrade-key-');
    for (const name of ['lib.mjs', 'server.mjs', 'scenario.mjs']) writeFileSync(join(to, name), readFileSync(join(from, name)));
    if (file) writeFileSync(join(to, file), content ?? '');
    return to;
  }
  const keyIn = (dir: string, extra: Partial<PersistOptions<unknown>> = {}, name = 'scenario', id = 'own-cache') => baselineKey(name, persistOf(dir, extra), ownExercise(dir, id), HARNESS);

  it('changes with the reference (and what it imports), the scenario code, version, name, exercise and environment it names; not otherwise', async () => {
    const dir = folders.make('sockgrade-key-');
    ownExercise(dir);
    const first = await keyIn(dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await keyIn(dir)).toBe(first);
    expect(await keyIn(copy(dir)), 'the same files elsewhere').toBe(first);

    process.env.SOCKGRADE_TEST_ZONE = 'Asia/Shanghai';
    const withZone = await keyIn(dir, { env: ['SOCKGRADE_TEST_ZONE'] });
    delete process.env.SOCKGRADE_TEST_ZONE;
    const keys = {
      reference: await keyIn(copy(dir, 'server.mjs', "import { REPLY } from './lib.mjs';\nconsole.log(REPLY + '!');\n")),
      'a module the reference imports': await keyIn(copy(dir, 'lib.mjs', 'export const REPLY = "two";\n')),
      'the scenario module': await keyIn(copy(dir, 'scenario.mjs', 'export const LINES = ["b"];\n')),
      version: await keyIn(dir, { version: 2 }),
      name: await keyIn(dir, {}, 'another scenario'),
      exercise: await keyIn(dir, {}, 'scenario', 'own-other'),
      'an environment variable it names': withZone,
      'the same variable unset': await keyIn(dir, { env: ['SOCKGRADE_TEST_ZONE'] }),
    };
    for (const [what, value] of Object.entries(keys)) expect(value, what).not.toBe(first);
    expect(new Set(Object.values(keys)).size).toBe(Object.keys(keys).length);
  });

  it('sees a reference rebuilt in place while the grader runs (a long-lived worker)', async () => {
    const dir = folders.make('sockgrade-key-');
    ownExercise(dir);
    const before = await keyIn(dir);
    writeFileSync(join(dir, 'lib.mjs'), 'export const REPLY = "rebuilt";\n');
    expect(await keyIn(dir)).not.toBe(before);
  });

  it('covers the built-in reference as built under dist/reference/, with what it imports', async () => {
    const { findExercise } = await import('../../exercises/index.js');
    const echo = findExercise('echo')!;
    const key = await baselineKey('echo scenario', persistOf(folders.make('sockgrade-key-')), echo, HARNESS);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(distRoot, 'reference', 'echo', 'server.js')), 'npm run build first').toBe(true);
  });

  it('is undefined when a reference is missing (the scenario then fails as it always did)', async () => {
    const dir = folders.make('sockgrade-key-');
    const exercise = ownExercise(dir);
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'server.mjs'));
    expect(await baselineKey('scenario', persistOf(dir), exercise, HARNESS)).toBeUndefined();
  });
});

const KEY = 'a'.repeat(64);
const VALUE = { stdout: 'Received 成功\n', toClient: Buffer.from([0, 1, 255, 0x80]), empty: Buffer.alloc(0), list: [Buffer.from('x'), Buffer.from('')], n: 3, ok: true, nothing: null };
const SCHEMA = z.strictObject({ stdout: z.string(), toClient: z.instanceof(Buffer), empty: z.instanceof(Buffer), list: z.array(z.instanceof(Buffer)), n: z.number(), ok: z.boolean(), nothing: z.null() });

describe('entries', () => {
  it('come back exactly, Buffers included', async () => {
    const dir = join(folders.make('sockgrade-cache-'), 'baselines');
    expect(await writeBaseline(dir, KEY, 'scenario', VALUE)).toBe(true);
    const back = await readBaseline(dir, KEY, 'scenario', SCHEMA);
    expect(back).toEqual(VALUE);
    expect(Buffer.isBuffer(back?.toClient)).toBe(true);
    expect(back?.list.every((b) => Buffer.isBuffer(b))).toBe(true);
    expect(readdirSync(dir)).toEqual([`${KEY}.json`]);
  });

  it('are not written for what JSON cannot carry exactly', async () => {
    const dir = join(folders.make('sockgrade-cache-'), 'baselines');
    for (const value of [{ a: undefined }, { a: new Uint8Array([1]) }, { a: -0 }, { a: Number.NaN }, { a: new Date(0) }, { $bytes: 'AA==' }, [1, , 3], { a: new Map() }]) {
      expect(await writeBaseline(dir, KEY, 'scenario', value), JSON.stringify(value)).toBe(false);
    }
    expect(existsSync(join(dir, `${KEY}.json`))).toBe(false);
  });

  it('are a miss, never an error, when corrupt, partial, foreign, of another shape, or untrusted', async () => {
    const root = folders.make('sockgrade-cache-');
    const dir = join(root, 'baselines');
    const path = join(dir, `${KEY}.json`);
    expect(await writeBaseline(dir, KEY, 'scenario', VALUE)).toBe(true);
    const good = readFileSync(path, 'utf8');
    const entry = JSON.parse(good) as Record<string, unknown> & { value: Record<string, unknown> };
    const variants: Record<string, string> = {
      truncated: good.slice(0, good.length / 2),
      empty: '',
      'not JSON': 'hello',
      'another key': JSON.stringify({ ...entry, key: 'b'.repeat(64) }),
      'another scenario': JSON.stringify({ ...entry, scenario: 'other' }),
      'another format': JSON.stringify({ ...entry, format: 99 }),
      'an extra field': JSON.stringify({ ...entry, planted: true }),
      'a value of another shape': JSON.stringify({ ...entry, value: { ...entry.value, n: 'three' } }),
      'bytes that are not base64': JSON.stringify({ ...entry, value: { ...entry.value, toClient: { $bytes: 'AAE*/4A=' } } }),
      'bytes as a plain array': JSON.stringify({ ...entry, value: { ...entry.value, toClient: { type: 'Buffer', data: [0, 1] } } }),
      null: 'null',
    };
    for (const [what, text] of Object.entries(variants)) {
      writeFileSync(path, text);
      await expect(readBaseline(dir, KEY, 'scenario', SCHEMA), what).resolves.toBeUndefined();
    }
    writeFileSync(path, good, { mode: 0o600 });
    expect(await readBaseline(dir, KEY, 'scenario', SCHEMA)).toEqual(VALUE);
    chmodSync(path, 0o666);
    await expect(readBaseline(dir, KEY, 'scenario', SCHEMA), 'a file others may write').resolves.toBeUndefined();
    chmodSync(path, 0o600);
    chmodSync(dir, 0o777);
    await expect(readBaseline(dir, KEY, 'scenario', SCHEMA), 'a folder others may write').resolves.toBeUndefined();
    expect(await writeBaseline(dir, KEY, 'scenario', VALUE), 'nor written there').toBe(false);
    chmodSync(dir, 0o700);
    const linked = join(root, 'linked');
    mkdirSync(linked);
    writeFileSync(join(root, 'elsewhere.json'), good, { mode: 0o600 });
    symlinkSync(join(root, 'elsewhere.json'), join(linked, `${KEY}.json`));
    chmodSync(linked, 0o700);
    await expect(readBaseline(linked, KEY, 'scenario', SCHEMA), 'a symbolic link').resolves.toBeUndefined();
    await expect(readBaseline(join(root, 'absent'), KEY, 'scenario', SCHEMA), 'no folder').resolves.toBeUndefined();
  });

  it('entries unused for 30 days and temporary files of dead writers are removed when an entry is stored; a read keeps an entry', async () => {
    const dir = join(folders.make('sockgrade-cache-'), 'baselines');
    const old = new Date(Date.now() - 40 * 24 * 3600_000);
    expect(await writeBaseline(dir, 'b'.repeat(64), 'unused', VALUE)).toBe(true);
    expect(await writeBaseline(dir, 'c'.repeat(64), 'read again', VALUE)).toBe(true);
    writeFileSync(join(dir, '.dead-writer.tmp'), '{');
    for (const name of [`${'b'.repeat(64)}.json`, `${'c'.repeat(64)}.json`, '.dead-writer.tmp']) utimesSync(join(dir, name), old, old);
    expect(await readBaseline(dir, 'c'.repeat(64), 'read again', SCHEMA)).toEqual(VALUE);
    expect(await writeBaseline(dir, KEY, 'scenario', VALUE)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([`${KEY}.json`, `${'c'.repeat(64)}.json`].sort());
  });

  it('a folder that cannot be made or written is no error: nothing is stored', async () => {
    const file = join(folders.make('sockgrade-cache-'), 'a-file');
    writeFileSync(file, '');
    expect(await writeBaseline(join(file, 'baselines'), KEY, 'scenario', VALUE)).toBe(false);
  });

  it('many processes writing and reading one entry at once: every read is the whole entry or a miss', async () => {
    const dir = join(folders.make('sockgrade-cache-'), 'baselines');
    const module = pathToFileURL(join(distRoot, 'harness', 'check', 'baseline-cache.js')).href;
    expect(existsSync(new URL(module)), 'npm run build first').toBe(true);
    // Each process writes a large entry 30 times and reads it back in between.
    const script = `
      const { writeBaseline, readBaseline } = await import(${JSON.stringify(module)});
      const { z } = await import('zod');
      const value = { data: Buffer.alloc(200000, ${'process.argv[1]'}.charCodeAt(0)) };
      const schema = z.strictObject({ data: z.instanceof(Buffer) });
      let reads = 0, whole = 0, stored = 0;
      for (let i = 0; i < 30; i++) {
        if (await writeBaseline(process.argv[2], ${JSON.stringify(KEY)}, 's', value)) stored++;
        const back = await readBaseline(process.argv[2], ${JSON.stringify(KEY)}, 's', schema);
        reads++;
        if (back && back.data.length === 200000 && back.data.every((b) => b === back.data[0])) whole++;
      }
      console.log(JSON.stringify({ reads, whole, stored }));
    `;
    const run = (tag: string) => new Promise<{ reads: number; whole: number; stored: number }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, tag, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(JSON.parse(out) as { reads: number; whole: number; stored: number });
        else reject(new Error(`writer ${tag} exited with ${code}`));
      });
    });
    const results = await Promise.all(['a', 'b', 'c', 'd'].map(run));
    for (const r of results) expect(r).toEqual({ reads: 30, whole: 30, stored: 30 });
    expect(readdirSync(dir), 'no temporary file is left behind').toEqual([`${KEY}.json`]);
  }, 30_000);
});

describe('where the cache is', () => {
  it('SOCKGRADE_CACHE_DIR, or off; else XDG_CACHE_HOME; else ~/.cache; and off with SOCKGRADE_LEVERS=off', () => {
    expect(baselineCacheDir({ SOCKGRADE_CACHE_DIR: '/x/y', HOME: '/h' })).toBe('/x/y/baselines');
    expect(baselineCacheDir({ SOCKGRADE_CACHE_DIR: 'off', HOME: '/h' })).toBeUndefined();
    expect(baselineCacheDir({ XDG_CACHE_HOME: '/xdg', HOME: '/h' })).toBe('/xdg/sockgrade/baselines');
    expect(baselineCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' })).toMatch(/\/\.cache\/sockgrade\/baselines$/);
    expect(baselineCacheDir({ SOCKGRADE_LEVERS: 'off', SOCKGRADE_CACHE_DIR: '/x' })).toBeUndefined();
    expect(baselineCacheDir({ SOCKGRADE_LEVERS: 'baseline-cache', SOCKGRADE_CACHE_DIR: '/x' })).toBe('/x/baselines');
    expect(baselineCacheDir({ SOCKGRADE_LEVERS: 'some-other-lever', SOCKGRADE_CACHE_DIR: '/x' })).toBeUndefined();
  });
});

describe('CheckContext.baseline with a persisted scenario', () => {
  const saved = { dir: process.env.SOCKGRADE_CACHE_DIR, levers: process.env.SOCKGRADE_LEVERS };
  afterEach(() => {
    forgetBaselines();
    for (const [name, value] of [['SOCKGRADE_CACHE_DIR', saved.dir], ['SOCKGRADE_LEVERS', saved.levers]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  function context(dir: string): CheckContext {
    const exercise = ownExercise(dir);
    const settings: RunSettings = { exercise, submission: createSubmission(dir, { server: 'reference' }), timeouts: DEFAULT_TIMEOUTS, redirect: false, limits: {}, sandbox: false };
    return new CheckContext(settings, CHECK);
  }

  it('is computed once, then read from disk by a later grading; computed every time with the levers off', async () => {
    const dir = folders.make('sockgrade-ctx-');
    process.env.SOCKGRADE_CACHE_DIR = join(dir, 'cache');
    let computed = 0;
    const scenario = defineBaseline('counting', async () => ({ bytes: Buffer.from([computed++]) }), {
      persist: { version: 1, module: join(dir, 'scenario.mjs'), schema: z.strictObject({ bytes: z.instanceof(Buffer) }) },
    });
    const before = { ...baselineCacheCounts };
    expect(await context(dir).baseline(scenario)).toEqual({ bytes: Buffer.from([0]) });
    forgetBaselines();
    expect(await context(dir).baseline(scenario)).toEqual({ bytes: Buffer.from([0]) });
    expect(computed).toBe(1);
    expect(baselineCacheCounts.hits - before.hits).toBe(1);
    expect(baselineCacheCounts.stored - before.stored).toBe(1);

    process.env.SOCKGRADE_LEVERS = 'off';
    forgetBaselines();
    expect(await context(dir).baseline(scenario)).toEqual({ bytes: Buffer.from([1]) });
    expect(computed).toBe(2);
  });

  it('an unsettled result (after one more run, an error), a failed computation and a scenario without persist are never stored', async () => {
    const dir = folders.make('sockgrade-ctx-');
    process.env.SOCKGRADE_CACHE_DIR = join(dir, 'cache');
    let unsettledRuns = 0;
    const unsettled = defineBaseline('late reference', async () => ({ complete: (unsettledRuns++, false) }), {
      persist: { version: 1, module: join(dir, 'scenario.mjs'), schema: z.strictObject({ complete: z.boolean() }), settled: (v) => v.complete },
    });
    const failing = defineBaseline('failing reference', async () => {
      throw new Error('the reference server did not start');
    }, { persist: { version: 1, module: join(dir, 'scenario.mjs'), schema: z.unknown() } });
    const plain = defineBaseline('plain', async () => ({ n: 1 }));
    // Run once more, then never compared with: the checks waiting for it err, naming the reason.
    await expect(context(dir).baseline(unsettled)).rejects.toThrow(/the reference itself failed in scenario "late reference": the reference programs were cut short by their own bounds twice/);
    expect(unsettledRuns).toBe(2);
    await expect(context(dir).baseline(failing)).rejects.toThrow(/the reference itself failed in scenario "failing reference"/);
    expect(await context(dir).baseline(plain)).toEqual({ n: 1 });
    const stored = existsSync(join(dir, 'cache', 'baselines')) ? readdirSync(join(dir, 'cache', 'baselines')) : [];
    expect(stored).toEqual([]);
  });

  it('a cache folder that cannot be written leaves grading as it was', async () => {
    const dir = folders.make('sockgrade-ctx-');
    writeFileSync(join(dir, 'not-a-folder'), '');
    process.env.SOCKGRADE_CACHE_DIR = join(dir, 'not-a-folder');
    const scenario = defineBaseline('unwritable', async () => ({ n: 7 }), { persist: { version: 1, module: join(dir, 'scenario.mjs'), schema: z.strictObject({ n: z.number() }) } });
    expect(await context(dir).baseline(scenario)).toEqual({ n: 7 });
  });
});
