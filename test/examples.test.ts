// The bundled examples (what `npm start` shows a new user) grade as their exercise's cases file
// says (test/graders/<id>.cases.ts): right ones full marks, buggy ones lose exactly the checks of
// their bugs, under the right tags.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../harness/paths.js';
import { loadCatalogue } from './helpers/catalogue.js';
import { findLeftoverProcesses, gradeFixture, idsWith } from './helpers/grade.js';

const examplesDir = join(projectRoot, 'examples');
const catalogue = await loadCatalogue();
const expectations = Object.fromEntries(catalogue.flatMap((e) => Object.entries(e.cases?.examples ?? {})));

const folders = readdirSync(examplesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

afterAll(() => {
  expect(findLeftoverProcesses()).toEqual([]);
});

it('every example folder has an expectation in its exercise\'s cases file', () => {
  expect(folders.filter((f) => !(f in expectations))).toEqual([]);
});

describe.concurrent.each(folders.filter((f) => f in expectations))('examples/%s', (folder) => {
  it('grades as described', async () => {
    const dir = join(examplesDir, folder);
    const manifest = JSON.parse(readFileSync(join(dir, 'sockgrade.json'), 'utf8')) as { exercise: string; server?: string; client?: string };
    const report = await gradeFixture(manifest.exercise, { ...(manifest.server ? { server: manifest.server } : {}), ...(manifest.client ? { client: manifest.client } : {}) }, { dir });
    expect(idsWith(report, 'errored')).toEqual([]);
    const fails = expectations[folder]!.fails ?? {};
    expect(idsWith(report, 'failed').sort()).toEqual(Object.keys(fails).sort());
    for (const [id, [tag, phrase]] of Object.entries(fails)) {
      const check = report.checks.find((c) => c.id === id)!;
      expect(check.tags).toContain(tag);
      expect(check.message).toContain(phrase);
    }
    if (Object.keys(fails).length === 0) expect(report.score).toBe(report.maxScore);
  });
});
