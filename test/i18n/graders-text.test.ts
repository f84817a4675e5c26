// Every built-in exercise speaks Chinese as well as English: its title and summary, each check's
// title and hint (graders/<exercise>.ts), and every failure, note and warning those files write.
// Checks made by the shared factories in graders/expect/ (server-starts, client-connects, …) are
// that folder's to translate; they are recognised by their English title and left out here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInExercises } from '../../exercises/index.js';
import { isText, render } from '../../harness/i18n/text.js';
import { clientConnectsCheck, serverStartsCheck } from '../../graders/expect/starts.js';
import { peerLeavesCheck, servesNextClientCheck } from '../../graders/expect/conversation.js';
import { endsAtEndOfInputCheck, endsWhenServerClosesCheck } from '../../graders/expect/interactive-client.js';
import type { Check } from '../../harness/check/types.js';

const HAN = /\p{Script=Han}/u;

/** English titles of the checks graders/expect/ makes for every exercise that uses them. */
const sharedTitles = new Set(
  [
    serverStartsCheck('tcp'),
    serverStartsCheck('udp'),
    clientConnectsCheck(),
    servesNextClientCheck(async () => {}),
    peerLeavesCheck(async () => {}),
    endsAtEndOfInputCheck({ type: 'x', answer: (sent) => sent }),
    endsWhenServerClosesCheck({ type: 'x', answer: (sent) => sent }, 'y'),
  ].map((c: Check) => render(c.title, 'en')),
);

/** Says what is wrong with one bilingual text, or nothing. */
function problemWith(what: string, text: unknown): string | undefined {
  if (!isText(text)) return `${what} is not a t(English, 中文) pair`;
  if (text.en.trim() === '') return `${what} has no English`;
  if (!HAN.test(text.zh)) return `${what} has no Chinese: ${JSON.stringify(text.zh)}`;
  if (text.zh === text.en) return `${what} is the English text twice`;
  return undefined;
}

describe.each(builtInExercises.map((e) => [e.id, e] as const))('%s', (id, exercise) => {
  it('has a title and summary in English and Chinese', () => {
    const problems = [problemWith('the title', exercise.title), problemWith('the summary', exercise.summary)].filter(Boolean);
    expect(problems).toEqual([]);
  });

  it("gives each of its own checks a title and hint in English and Chinese", () => {
    const own = exercise.checks.filter((c) => !sharedTitles.has(render(c.title, 'en')));
    expect(own.length).toBeGreaterThan(0);
    const problems = own.flatMap((c) => [problemWith(`${c.id}'s title`, c.title), problemWith(`${c.id}'s hint`, c.hint)]).filter(Boolean);
    expect(problems).toEqual([]);
  });

  it('writes no failure, note, warning, title or hint in graders/ as English alone', () => {
    const source = readFileSync(new URL(`../../graders/${id}.ts`, import.meta.url), 'utf8');
    // A string literal right where a learner-facing text goes: fail('…'), title: `…`, hint: "…".
    const bare = /(?:\bfail\(\s*|\b(?:title|hint|note|warning):\s*)(['"`])/g;
    const lines = [...source.matchAll(bare)].map((m) => `line ${source.slice(0, m.index).split('\n').length}: ${source.slice(m.index, m.index + 60).split('\n')[0]}`);
    expect(lines).toEqual([]);
  });
});
