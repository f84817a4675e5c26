// The guesser on every program whose exercise and role are known: the examples (as submissions,
// their other program beside them, in a folder whose name says nothing) and the right programs
// and mutants of the cases files (each alone). It must be right almost always and, when wrong,
// must have said it was unsure.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInExercises as exercises } from '../../exercises/index.js';
import { guessExercise, readPartners, type Guess } from '../../harness/learner/guess.js';
import { EXERCISE_SIGNS } from '../../harness/learner/signals.js';
import { createTempFolders } from '../helpers/cli.js';
import { loadCatalogue } from '../helpers/catalogue.js';
import { examplePrograms, rightPrograms, type KnownProgram } from './guess-corpus.js';
import { projectRoot } from '../../harness/paths.js';

const temp = createTempFolders();
afterAll(() => temp.cleanup());

/** Guesses a known program from a copy in a neutral folder, so no folder name can tell. */
function guessCopy(program: KnownProgram): Guess {
  const dir = join(temp.make('sockgrade-guess-'), 'submission');
  mkdirSync(dir);
  const sources = program.withPartners ? [program.file, ...readPartners(program.file).map((p) => join(dirname(program.file), p.fileName))] : [program.file];
  for (const source of sources) copyFileSync(source, join(dir, basename(source)));
  const file = join(dir, basename(program.file));
  return guessExercise({ fileName: basename(file), source: readFileSync(file, 'utf8'), partners: program.withPartners ? readPartners(file) : [] }, exercises);
}

interface Tally { right: number; total: number; sure: number; wrongButSure: string[]; wrong: string[] }

function measure(programs: readonly KnownProgram[]): Tally {
  const tally: Tally = { right: 0, total: 0, sure: 0, wrongButSure: [], wrong: [] };
  for (const program of programs) {
    const guess = guessCopy(program);
    const right = guess.best.exercise === program.exercise && guess.best.role === program.role;
    tally.total++;
    if (right) tally.right++;
    if (guess.confidence === 'sure') tally.sure++;
    const line = `${program.label}: guessed ${guess.best.exercise} ${guess.best.role} (${guess.confidence}), is ${program.exercise} ${program.role}`;
    if (!right) tally.wrong.push(line);
    if (!right && guess.confidence === 'sure') tally.wrongButSure.push(line);
  }
  process.stdout.write(`guesser: ${tally.right}/${tally.total} right, ${tally.sure} said sure; wrong: ${tally.wrong.join('; ') || 'none'}\n`);
  return tally;
}

describe('guessing the exercise and role of a file', () => {
  it('every example under examples/ (with its other program beside it)', () => {
    const tally = measure(examplePrograms());
    expect(tally.total).toBeGreaterThanOrEqual(50);
    expect(tally.wrongButSure).toEqual([]);
    expect(tally.right / tally.total).toBeGreaterThanOrEqual(0.95);
  });

  it('every right program of the cases files (each alone)', async () => {
    const tally = measure(await rightPrograms());
    expect(tally.total).toBeGreaterThanOrEqual(40);
    expect(tally.wrongButSure).toEqual([]);
    expect(tally.right / tally.total).toBeGreaterThanOrEqual(0.95);
  });

  it('every mutant of the cases files (each alone): buggy programs are still recognised', async () => {
    const catalogue = await loadCatalogue();
    const mutants: KnownProgram[] = catalogue.flatMap(({ exercise, cases }) => (cases?.mutants ?? []).flatMap((m) =>
      (['server', 'client'] as const).flatMap((role) => {
        // A pair mutant names both programs: each role's file is the one its command runs.
        const command = m.commands[role];
        if (!command) return [];
        const file = command.split(' ').find((word) => /\.(py|c|js|mjs|java)$/.test(word)) ?? m.file;
        return [{ label: `test/fixtures/${exercise.id}/${file}`, file: join(projectRoot, 'test', 'fixtures', exercise.id, file), exercise: exercise.id, role, withPartners: false }];
      })));
    const tally = measure(mutants);
    expect(tally.wrongButSure).toEqual([]);
    expect(tally.right / tally.total).toBeGreaterThanOrEqual(0.9);
  });

  it('programs in C, JavaScript and Java (test/fixtures/echo-any-language, all echo)', () => {
    const programs: KnownProgram[] = [['server.c', 'server'], ['client.c', 'client'], ['server.js', 'server'], ['client.js', 'client'], ['Server.java', 'server']].map(([file, role]) => ({
      label: `test/fixtures/echo-any-language/${file}`, file: join(projectRoot, 'test', 'fixtures', 'echo-any-language', file!), exercise: 'echo', role: role as 'server' | 'client', withPartners: false,
    }));
    const tally = measure(programs);
    expect(tally.wrongButSure).toEqual([]);
    expect(tally.right).toBeGreaterThanOrEqual(4);
  });

  it('says it cannot tell when a file has nothing of any exercise', () => {
    const guess = guessExercise({ fileName: 'notes.py', source: 'print("hello")\n' }, exercises);
    expect(guess.confidence).toBe('unknown');
  });

  it('says it is unsure between exercises whose servers are the same program', () => {
    // An echo server with no tutorial's marks: echo's and echo-loop's servers behave alike.
    const source = 'import socket, sys\ns = socket.socket()\ns.bind(("", int(sys.argv[1])))\ns.listen()\nwhile True:\n    c, a = s.accept()\n    while True:\n        d = c.recv(1024)\n        if not d:\n            break\n        c.sendall(d)\n';
    const guess = guessExercise({ fileName: 'server.py', source }, exercises);
    expect(guess.best.role).toBe('server');
    expect(guess.confidence).toBe('unsure');
    expect([guess.best.exercise, guess.runnerUp?.exercise].sort()).toEqual(['echo', 'echo-loop']);
  });

  it('every sign names exercises the catalogue has', () => {
    const ids = new Set(exercises.map((e) => e.id));
    const unknown = EXERCISE_SIGNS.flatMap((s) => Object.keys(s.points).filter((id) => !ids.has(id)));
    expect(unknown).toEqual([]);
  });
});
