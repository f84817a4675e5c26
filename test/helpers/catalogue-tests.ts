// Generated from the catalogue: for every registered exercise, the reference scores full marks in
// every role, its right learner-style programs score full marks, every check fails on at least one
// mutant under test/fixtures/<id>/ (each mutant failing the checks of its bug), and it has an
// example. An exercise gets these tests by being registered (exercises/index.ts) with a cases file
// (test/graders/<id>.cases.ts). The catalogue is split over test/graders/catalogue-*.test.ts so
// that vitest's workers share it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checksOf } from '../../exercises/index.js';
import { projectRoot } from '../../harness/paths.js';
import type { GradeReport } from '../../harness/check/runner.js';
import { loadCatalogue } from './catalogue.js';
import { findLeftoverProcesses, fixturesDir, gradeFixture, idsWith } from './grade.js';


function problems(report: GradeReport, statuses: readonly string[]): string[] {
  return report.checks.filter((c) => statuses.includes(c.status)).map((c) => `${c.id} (${c.status}): ${c.message}`);
}

function exampleExercises(): Map<string, string> {
  const byFolder = new Map<string, string>();
  const dir = join(projectRoot, 'examples');
  for (const folder of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const manifest = join(dir, folder.name, 'sockgrade.json');
    if (existsSync(manifest)) byFolder.set(folder.name, (JSON.parse(readFileSync(manifest, 'utf8')) as { exercise: string }).exercise);
  }
  return byFolder;
}

/** Declares the catalogue tests of the exercises whose catalogue position is `shard` modulo `shards`. */
export async function describeCatalogue(shard: number, shards: number): Promise<void> {
  const catalogue = (await loadCatalogue()).filter((_, i) => i % shards === shard);

  afterAll(() => {
    expect(findLeftoverProcesses()).toEqual([]);
  });

  describe.each(catalogue.map((entry) => [entry.exercise.id, entry] as const))('%s', (id, { exercise, cases }) => {
  it('has a cases file (test/graders/<id>.cases.ts) naming its right programs, mutants and examples', () => {
    expect(cases, `test/graders/${id}.cases.ts is missing`).toBeDefined();
    expect(cases!.exercise).toBe(id);
  });

  const roles = (['server', 'client'] as const).filter((role) => exercise.roles[role]);

  describe.concurrent('right programs score full marks', () => {
    it.each(roles)('the reference %s', async (role) => {
      const report = await gradeFixture(id, { [role]: 'reference' });
      expect(problems(report, ['failed', 'errored', 'skipped'])).toEqual([]);
      expect(report.score).toBe(report.maxScore);
    });
    it.each((cases?.right ?? []).map((r) => [r.name, r] as const))('%s', async (_name, right) => {
      const report = await gradeFixture(id, right.commands);
      expect(problems(report, ['failed', 'errored', 'skipped'])).toEqual([]);
      expect(report.score).toBe(report.maxScore);
    });
  });

  const pairIds = exercise.checks.filter((c) => c.role === 'pair').map((c) => c.id);
  // Exercises with both roles have pair checks (web has no client).
  describe.runIf(pairIds.length > 0).concurrent('right pairs pass every pair check', () => {
    const pairs = [{ name: 'the reference pair', commands: { server: 'reference', client: 'reference' } }, ...(cases?.rightPairs ?? [])];
    it.each(pairs.map((r) => [r.name, r] as const))('%s', async (_name, right) => {
      const report = await gradeFixture(id, right.commands, { pair: true, only: pairIds });
      expect(problems(report, ['failed', 'errored', 'skipped'])).toEqual([]);
      expect(report.checks.filter((c) => c.role === 'pair').map((c) => c.id).sort()).toEqual([...pairIds].sort());
    });
  });

  describe.concurrent('each mutant fails the checks of its bug', () => {
    it.each((cases?.mutants ?? []).map((m) => [`${m.file}${m.commands.server && m.commands.client ? ` (pair: ${m.commands.server} + ${m.commands.client})` : ''}`, m] as const))('%s', async (_name, mutant) => {
      const file = mutant.file;
      expect(existsSync(join(fixturesDir(id), file)), `test/fixtures/${id}/${file} is missing`).toBe(true);
      const pair = mutant.fails.some((f) => pairIds.includes(f));
      const report = await gradeFixture(id, mutant.commands, { only: mutant.fails, pair });
      expect(problems(report, ['errored'])).toEqual([]);
      expect(idsWith(report, 'failed')).toEqual(expect.arrayContaining([...mutant.fails]));
      const first = report.checks.find((c) => c.id === mutant.fails[0])!;
      expect(first.message).toContain(mutant.says);
      expect(first.hint.length).toBeGreaterThan(10);
      expect(first.score).toBe(0);
    });
  });

  it('every check fails on at least one mutant', () => {
    const covered = new Set((cases?.mutants ?? []).flatMap((m) => m.fails));
    expect(checksOf(exercise).map((c) => c.id).filter((c) => !covered.has(c))).toEqual([]);
  });

  it('mutants name only checks that exist', () => {
    const ids = new Set(checksOf(exercise).map((c) => c.id));
    expect((cases?.mutants ?? []).flatMap((m) => m.fails).filter((c) => !ids.has(c))).toEqual([]);
  });

  it('has an example under examples/ for npm start, and every example of it has an expectation', () => {
    const mine = [...exampleExercises()].filter(([, exerciseId]) => exerciseId === id).map(([folder]) => folder);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((folder) => !(folder in (cases?.examples ?? {})))).toEqual([]);
  });
});
}
