// The assignment config: every mistake is one line naming the file and the field; what it sets
// (points, visibility, limits, own exercises) reaches grading as it says.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAssignment, visibilityAt } from '../../harness/course/assignment.js';
import { csvField, formatGradebook } from '../../harness/course/gradebook.js';
import { parseShard, selectShard } from '../../harness/course/shard.js';
import { visibilityOf } from '../../harness/report/reporter.js';
import { t } from '../../harness/i18n/text.js';
import { projectRoot } from '../../harness/paths.js';
import { createTempFolders } from '../helpers/cli.js';

const folders = createTempFolders();
afterAll(folders.cleanup);

function configFile(content: unknown): string {
  const file = join(folders.make(), 'sockgrade.config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function errorOf(content: unknown): Promise<string> {
  const file = configFile(content);
  const error = await loadAssignment(file).then(() => undefined, (e: Error) => e);
  expect(error?.name).toBe('ConfigError');
  expect(error!.message.startsWith(`${file}: `)).toBe(true);
  expect(error!.message).not.toContain('\n');
  return error!.message.slice(file.length + 2);
}

describe('config errors name the file and the field', () => {
  it.each([
    ['a wrong type', { exercises: [{ id: 'echo' }, { id: 'echo-loop', points: { 'server-echoes-each-message': 'two' } }] }, 'exercises[1].points["server-echoes-each-message"]: expected a number'],
    ['an unknown field', { exercises: [{ id: 'echo', sevrer: 'x' }] }, 'exercises[0]: unknown field "sevrer"'],
    ['an unknown exercise', { exercises: ['ecoh'] }, /^exercises\[0\]\.id: unknown exercise "ecoh"; known: echo, /],
    ['a check or tag the exercise lacks', { exercises: [{ id: 'echo', points: { 'server-echos': 2 } }] }, 'exercises[0].points["server-echos"]: echo has no check or tag "server-echos" (sockgrade list shows them)'],
    ['a role the exercise lacks', { exercises: [{ id: 'web', client: 'python3 c.py' }] }, 'exercises[0].client: web has no client role'],
    ['a limit the CLI would refuse', { limits: { memory: 'lots' }, exercises: ['echo'] }, /^limits\.memory: takes a size such as 512M/],
    ['a visibility value', { visibility: { oversize: 'later' }, exercises: ['echo'] }, 'visibility.oversize: expected one of hidden, after_due_date, after_published, visible'],
    ['a visibility key', { visibility: { 'no-such-check': 'hidden' }, exercises: ['echo'] }, /^visibility\["no-such-check"\]: no exercise of the assignment has a check or tag/],
    ['a folder outside the learner\'s', { exercises: [{ id: 'echo', folder: '../other' }] }, 'exercises[0].folder: must be a path inside the learner folder (relative, without "..")'],
    ['a due date without a zone', { dueDate: '2026-12-15', exercises: ['echo'] }, /^dueDate: expected a date and time with its zone/],
    ['the same exercise twice', { exercises: ['echo', 'echo'] }, 'exercises[1].id: "echo" is already exercises[0]'],
    ['no exercise', { exercises: [] }, 'exercises: an assignment needs at least one exercise'],
    ['a missing module', { exerciseModules: ['nope.js'], exercises: ['echo'] }, 'exerciseModules[0] ("nope.js"): no such file'],
    ['not JSON', '{ "exercises": [', /^not valid JSON: /],
  ])('%s', async (_name, content, expected) => {
    const message = await errorOf(content);
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
  });

  it('tags that give a check different points are refused: its id must say', async () => {
    // udp-echo's server-echoes-all-bytes is tagged basic and bad-input.
    expect(await errorOf({ exercises: [{ id: 'udp-echo', points: { basic: 2, 'bad-input': 3 } }] })).toBe(
      'exercises[0].points: check server-echoes-all-bytes has the tags basic and bad-input, which give it different points: give its points by its id',
    );
    await expect(loadAssignment(configFile({ exercises: [{ id: 'udp-echo', points: { basic: 2, 'bad-input': 3, 'server-echoes-all-bytes': 1 } }] }))).resolves.toBeDefined();
  });
});

describe('what a config sets', () => {
  it('points by check id win over points by tag, which win over the check\'s own', async () => {
    const assignment = await loadAssignment(configFile({ exercises: [{ id: 'echo', roles: ['server'], points: { partial: 2, 'server-echoes-split-utf8': 5 } }] }));
    const points = Object.fromEntries(assignment.exercises[0]!.checksFor(['server']).map((c) => [c.id, c.points]));
    expect(points['server-echoes-split-utf8']).toBe(5);
    expect(points['server-echoes-byte-pieces']).toBe(2);
    expect(points['server-starts']).toBe(1);
    expect(assignment.exercises[0]!.maxScore).toBe(Object.values(points).reduce((a, b) => a + b, 0));
    // The overridden check still runs as itself.
    expect(typeof assignment.exercises[0]!.checksFor(['server']).find((c) => c.id === 'server-echoes-split-utf8')!.run).toBe('function');
  });

  it('visibility: after_due_date stays for the platform before the due date, opens after it', async () => {
    const assignment = await loadAssignment(configFile({ dueDate: '2026-12-15T23:59:00Z', visibility: { default: 'visible', oversize: 'after_due_date', 'server-starts': 'hidden' }, exercises: ['echo'] }));
    const oversize = { id: 'server-echoes-oversize', tags: ['oversize'] as const };
    expect(visibilityOf(visibilityAt(assignment, new Date('2026-12-01T00:00:00Z')), oversize)).toBe('after_due_date');
    expect(visibilityOf(visibilityAt(assignment, new Date('2026-12-16T00:00:00Z')), oversize)).toBe('visible');
    expect(visibilityOf(visibilityAt(assignment, new Date('2026-12-16T00:00:00Z')), { id: 'server-starts', tags: ['basic'] })).toBe('hidden');
  });

  it('exerciseModules: a module\'s default export is registered under its own id', async () => {
    const dir = folders.make();
    const echo = join(projectRoot, 'dist', 'exercises', 'echo.js');
    writeFileSync(join(dir, 'course.mjs'), `import { echo } from ${JSON.stringify(echo)};\nexport default { ...echo, id: 'course-echo-${process.pid}' };\n`);
    writeFileSync(join(dir, 'empty.mjs'), 'export const nothing = 1;\n');
    const file = join(dir, 'sockgrade.config.json');
    writeFileSync(file, JSON.stringify({ exerciseModules: ['course.mjs'], exercises: [`course-echo-${process.pid}`] }));
    const assignment = await loadAssignment(file);
    expect(assignment.exercises[0]!.exercise.id).toBe(`course-echo-${process.pid}`);
    writeFileSync(file, JSON.stringify({ exerciseModules: ['empty.mjs'], exercises: ['echo'] }));
    await expect(loadAssignment(file)).rejects.toThrow(/exerciseModules\[0\] \("empty\.mjs"\): .*exports no exercise/);
  });
});

describe('gradebook and shards', () => {
  it('quotes as RFC 4180 says, sorts learners, totals and states why a row was not graded', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    const csv = formatGradebook([
      { learner: 'zoe', scores: { echo: { score: 10.5, maxScore: 11 } }, problems: [] },
      { learner: 'adam, jr', scores: {}, problems: [{ exercise: 'echo', reason: t('echo: missing server.py', 'echo：缺少 server.py') }] },
    ], [{ id: 'echo', maxScore: 11 }], 'en');
    expect(csv).toBe('learner,echo,total,max,status\r\n"adam, jr",,0,11,echo: missing server.py\r\nzoe,10.5,10.5,11,ok\r\n');
  });

  it('--shard deals the sorted folders round-robin: disjoint parts that make the whole', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const parts = [1, 2, 3].map((index) => selectShard(names, { index, count: 3 }));
    expect(parts).toEqual([['a', 'd'], ['b', 'e'], ['c']]);
    expect(() => parseShard('4/3')).toThrow(/--shard takes i\/n/);
    expect(() => parseShard('0/3')).toThrow(/--shard takes i\/n/);
  });
});
