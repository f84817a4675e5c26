// Every word a learner or instructor reads exists in English and in Chinese. Two proofs: every
// check's title and hint is a Text whose Chinese is Chinese; and no source shows people a string
// in one language only (a `fail('…')`, a `hint: '…'` …: see scan.ts).

import { describe, expect, it } from 'vitest';
import { builtInExercises, checksOf } from '../../exercises/index.js';
import { createBuildCheck } from '../../harness/check/build.js';
import { isText } from '../../harness/i18n/text.js';
import type { Check } from '../../harness/check/types.js';
import { findInSource, findOneLanguageStrings, sourcesUnder } from './scan.js';

const CJK = /[\u4e00-\u9fff]/;

/**
 * Strings the scan matches that are not shown to learners, English by design (docs/languages.md):
 * the report's `environment` notes (how the machine limited memory, why the sandbox is off) are
 * for instructors and bug reports, like the `diagnostic` stack; the JSON Schema's own title.
 */
const ENGLISH_BY_DESIGN = [
  /^harness\/process\/limits\.ts:\d+: .*memoryControl = \{ kind: '(address-space|none)', note:/,
  /^harness\/process\/sandbox\.ts:\d+: .*note: 'turned off \(--sandbox off\)'/,
  /^harness\/report\/json-schema\.ts:\d+: title: 'sockgrade JSON report'/,
];

/** What is wrong with a check's title and hint, if anything. */
function problemsOf(check: Check): string[] {
  const problems: string[] = [];
  for (const field of ['title', 'hint'] as const) {
    const value: unknown = check[field];
    if (!isText(value)) problems.push(`${check.id}: ${field} is in one language only (${JSON.stringify(value).slice(0, 60)})`);
    else if (value.en.trim() === '' || value.zh.trim() === '') problems.push(`${check.id}: ${field} is empty in a language`);
    else if (!CJK.test(value.zh)) problems.push(`${check.id}: ${field}'s Chinese has no Chinese in it (${JSON.stringify(value.zh).slice(0, 60)})`);
  }
  return problems;
}

describe("every check's title and hint in both languages", () => {
  it('the build check (harness/check/build.ts)', () => {
    expect(problemsOf(createBuildCheck('server', { command: 'make', dir: '/tmp', timeoutMs: 1000 }))).toEqual([]);
  });

  for (const exercise of builtInExercises) {
    it(exercise.id, () => {
      expect(checksOf(exercise).flatMap(problemsOf)).toEqual([]);
    });
  }
});

describe('no string shown to people in one language only', () => {
  it('harness/ (runner, diagnoses, peers, limits, reporters)', () => {
    // The CLI's usage errors aside (English by design: docs/languages.md).
    const files = sourcesUnder('harness').filter((f) => !f.startsWith('harness/cli/'));
    expect(files.flatMap(findOneLanguageStrings).filter((line) => !ENGLISH_BY_DESIGN.some((allowed) => allowed.test(line)))).toEqual([]);
  });

  it('graders/expect/ (the shared expectations)', () => {
    expect(sourcesUnder('graders/expect').flatMap(findOneLanguageStrings)).toEqual([]);
  });

  it('graders/<exercise>.ts', () => {
    const files = sourcesUnder('graders').filter((f) => !f.startsWith('graders/expect/'));
    expect(files.flatMap(findOneLanguageStrings)).toEqual([]);
  });

  it('the scan finds what it is for, and passes what is bilingual', () => {
    const source = [
      "fail('no echo');",
      '    hint: `Use ${x}`,',
      "ctx.note('done');",
      'throw new CheckFailure("x");',
      "  title: 'echoes',",
      "fail(t('no echo', '没有回显'));",
      "  hint: t('Use sendall()', '使用 sendall()'),",
      '  hint: SHADOW_HINT,',
      "  // fail('in a comment')",
    ].join('\n');
    expect(findInSource(source, 'x.ts').map((l) => l.split(':')[1])).toEqual(['1', '2', '3', '4', '5']);
  });
});
