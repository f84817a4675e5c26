// The bundled examples (what `npm start` shows a new user) grade as their descriptions say:
// right ones full marks, buggy ones lose exactly the checks of their bugs, under the right tags.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../harness/paths.js';
import { findLeftoverProcesses, gradeFixture, idsWith } from './helpers/grade.js';

const examplesDir = join(projectRoot, 'examples');

interface Expectation {
  /** Check id → a tag it carries and a phrase its message must contain. */
  readonly fails?: Readonly<Record<string, readonly [tag: string, phrase: string]>>;
}

const FULL_MARKS: Expectation = {};

const expectations: Record<string, Expectation> = {
  'echo-correct': FULL_MARKS,
  'echo-lan-address': FULL_MARKS,
  'echo-socketserver': FULL_MARKS,
  'echo-ipv6': FULL_MARKS,
  'echo-tutorial-style': { fails: { 'client-collects-split-echo': ['partial', 'stopped after the first piece'] } },
  'echo-buggy': {
    fails: {
      'server-echoes-oversize': ['oversize', ''],
      'server-half-close': ['empty-recv', ''],
      'server-peer-leaves': ['empty-recv', 'busy loop'],
      'client-server-closes-early': ['empty-recv', 'busy loop'],
    },
  },
  'echo-decodes-text': {
    fails: {
      'server-echoes-all-bytes': ['basic', 'UnicodeDecodeError'],
      'server-echoes-split-utf8': ['partial', 'UnicodeDecodeError'],
      'server-echoes-oversize': ['oversize', 'UnicodeDecodeError'],
      'client-collects-split-echo': ['partial', 'stopped after the first piece'],
    },
  },
  'echo-python2': {
    fails: {
      'server-starts': ['basic', "Python 2 code, which does not run under Python 3 (SyntaxError: Missing parentheses in call to 'print'"],
      'client-connects': ['basic', "at client.py:9: print 'Received', repr(data)"],
    },
  },
};

const folders = readdirSync(examplesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

afterAll(() => {
  // Only this file's programs: other test files run at the same time.
  expect(findLeftoverProcesses().filter((p) => p.includes('/examples/') || /python3 (server|client|echo_server|echo_client)\.py/.test(p) && p.includes('sockgrade-'))).toEqual([]);
});

it('every example folder has an expectation here', () => {
  expect(folders.filter((f) => !(f in expectations))).toEqual([]);
});

describe.each(folders.filter((f) => f in expectations))('examples/%s', (folder) => {
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
