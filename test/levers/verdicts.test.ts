// Issue #17: "verdicts are identical with the levers on and off". The same submissions (references,
// right programs and mutants of exercises whose checks compare with the reference) are graded in
// each mode below, and every check's status, score and message must be the same as with every
// lever off. Only the checks a lever can change are graded (those with baselines, and what they
// depend on), which keeps this test short.
//
// A lever joins by adding its modes to MODES: the environment that turns it on (see
// harness/levers.ts), what to do before grading, and, if it grades differently (a batch of
// long-lived workers), its own `grade`. Each mode is checked against the first, which is all off.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checksOf, findExercise } from '../../exercises/index.js';
import { baselineCacheCounts } from '../../harness/check/baseline-cache.js';
import { forgetBaselines, startCounts } from '../../harness/check/context.js';
import { createPool, type Pool } from '../../harness/util/pool.js';
import type { Role } from '../../harness/check/types.js';
import { findLeftoverProcesses, gradeFixture } from '../helpers/grade.js';
import { createTempFolders } from '../helpers/cli.js';

interface Submission {
  readonly name: string;
  readonly exercise: string;
  /** Commands run in test/fixtures/<exercise>/, or 'reference'. */
  readonly commands: Partial<Record<Role, string>>;
  /** Pair mode: these pair checks (else every check with a baseline of the roles given). */
  readonly pair?: readonly string[];
}

const SUBMISSIONS: readonly Submission[] = [
  { name: 'echo: the reference server', exercise: 'echo', commands: { server: 'reference' } },
  { name: 'echo: a server that adds a prefix', exercise: 'echo', commands: { server: 'python3 server-adds-prefix.py' } },
  { name: 'echo: a client that sends the wrong message', exercise: 'echo', commands: { client: 'python3 client-wrong-message.py' } },
  { name: 'echo pair: right', exercise: 'echo', commands: { server: 'python3 server-good.py', client: 'python3 client-good.py' }, pair: ['pair-clean'] },
  { name: 'echo pair: a server that adds a prefix', exercise: 'echo', commands: { server: 'python3 server-adds-prefix.py', client: 'python3 client-good.py' }, pair: ['pair-clean'] },
  { name: 'greet: a right server', exercise: 'greet', commands: { server: 'python3 server-good.py' } },
  { name: 'greet: a server that encodes GBK', exercise: 'greet', commands: { server: 'python3 server-encodes-gbk.py' } },
  { name: 'one-shot-chat: a right client', exercise: 'one-shot-chat', commands: { client: 'python3 client-good.py' } },
  { name: 'one-shot-chat: a client that sends str', exercise: 'one-shot-chat', commands: { client: 'python3 client-sends-str.py' } },
  { name: 'udp-echo: a server that answers once', exercise: 'udp-echo', commands: { server: 'python3 server-no-loop.py' } },
  { name: 'udp-echo: a client that sends str', exercise: 'udp-echo', commands: { client: 'python3 client-sends-str.py' } },
];

/** What must not change: per submission, per check. */
type Verdicts = Record<string, Record<string, { status: string; score: number; message: string }>>;

interface Mode {
  readonly name: string;
  /** Environment for the gradings of this mode (SOCKGRADE_LEVERS and each lever's own settings). */
  readonly env: Readonly<Record<string, string>>;
  readonly before?: () => void;
  /** How this mode grades one submission; in-process gradeFixture by default. */
  readonly grade?: (submission: Submission, pool: Pool) => Promise<Verdicts[string]>;
}

const folders = createTempFolders();
const cacheDir = join(folders.make('sockgrade-levers-'), 'cache');
afterAll(folders.cleanup);

const MODES: readonly Mode[] = [
  { name: 'every lever off', env: { SOCKGRADE_LEVERS: 'off' } },
  { name: 'baseline cache, cold', env: { SOCKGRADE_LEVERS: 'baseline-cache', SOCKGRADE_CACHE_DIR: cacheDir }, before: () => rmSync(cacheDir, { recursive: true, force: true }) },
  { name: 'baseline cache, warm', env: { SOCKGRADE_LEVERS: 'baseline-cache', SOCKGRADE_CACHE_DIR: cacheDir } },
];

/**
 * A message may quote what a program printed, which holds the ephemeral port it was given
 * ("Connected by ('127.0.0.1', 42953)"): that number differs on every run, levers or not.
 */
function withoutPorts(message: string): string {
  return message.replace(/(127\.0\.0\.1'?,\s*|\bport\s+|127\.0\.0\.1:)\d{2,5}\b/g, '$1<port>');
}

async function gradeInProcess(submission: Submission, pool: Pool): Promise<Verdicts[string]> {
  const exercise = findExercise(submission.exercise)!;
  const roles = (['server', 'client'] as const).filter((r) => submission.commands[r] !== undefined);
  const only = submission.pair ?? checksOf(exercise, roles).filter((c) => (c.baselines?.length ?? 0) > 0).map((c) => c.id);
  expect(only.length, `${submission.name} grades some check with a baseline`).toBeGreaterThan(0);
  const report = await gradeFixture(submission.exercise, submission.commands, { only, pair: submission.pair !== undefined, pool, sandbox: 'off' });
  return Object.fromEntries(report.checks.map((c) => [c.id, { status: c.status, score: c.score, message: withoutPorts(c.message) }]));
}

async function gradeAll(mode: Mode): Promise<{ verdicts: Verdicts; cache: typeof baselineCacheCounts; nodeStarts: number }> {
  const saved = Object.fromEntries(Object.keys(mode.env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, mode.env);
  forgetBaselines();
  mode.before?.();
  const cache = { ...baselineCacheCounts };
  const nodeStarts = startCounts.node;
  try {
    // One pool for every grading of the mode, as `grade --all` shares one.
    const pool = createPool(2);
    const graded = await Promise.all(SUBMISSIONS.map(async (s) => [s.name, await (mode.grade ?? gradeInProcess)(s, pool)] as const));
    return {
      verdicts: Object.fromEntries(graded),
      cache: { hits: baselineCacheCounts.hits - cache.hits, misses: baselineCacheCounts.misses - cache.misses, stored: baselineCacheCounts.stored - cache.stored },
      nodeStarts: startCounts.node - nodeStarts,
    };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    forgetBaselines();
  }
}

describe('verdicts with the levers on and off', () => {
  afterAll(() => {
    expect(findLeftoverProcesses()).toEqual([]);
  });

  it('are identical per check (status, score, message), with the cache off, cold and warm', async () => {
    const runs = [];
    for (const mode of MODES) runs.push({ mode, ...(await gradeAll(mode)) });
    const [off, cold, warm] = runs;
    // The set really holds rights and wrongs, so "identical" says something.
    const statuses = Object.values(off!.verdicts).flatMap((checks) => Object.values(checks).map((c) => c.status));
    expect(statuses).toContain('passed');
    expect(statuses).toContain('failed');
    for (const run of runs.slice(1)) expect(run.verdicts, `${run.mode.name} against ${off!.mode.name}`).toEqual(off!.verdicts);

    // The cache was used: off never touches it; cold stores what it computes; warm reads it all back.
    expect(off!.cache).toEqual({ hits: 0, misses: 0, stored: 0 });
    expect(cold!.cache.hits).toBe(0);
    expect(cold!.cache.stored).toBeGreaterThanOrEqual(5);
    expect(warm!.cache.hits).toBe(cold!.cache.stored);
    expect(warm!.nodeStarts, 'warm starts fewer reference programs').toBeLessThan(off!.nodeStarts);
  }, 60_000);
});
