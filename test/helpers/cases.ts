// What the catalogue-wide tests (test/helpers/catalogue-tests.ts, test/examples.test.ts) expect of
// one exercise: its right programs, its mutants and its examples. One file per exercise,
// test/graders/<id>.cases.ts, default-exporting `defineCases({...})`; the tests find it by the
// exercise's id, so a new exercise gets every generic test by existing.
import type { Role, Tag } from '../../harness/check/types.js';

/** Commands per role, as typed on the command line (`reference` for the reference program). */
export type Commands = Partial<Record<Role, string>>;

/** A learner-style program that is right: it must score full marks. */
export interface RightProgram {
  readonly name: string;
  readonly commands: Commands;
}

/**
 * A learner-style program with one bug: it must fail each check in `fails`. A mutant pair (both
 * commands, failing pair checks) is graded in pair mode: often both programs share the bug, so
 * they work together unfaulted and only a fault shows it.
 */
export interface Mutant {
  /** The file under test/fixtures/<id>/ that carries the bug, named for it. */
  readonly file: string;
  readonly commands: Commands;
  /** The checks the bug must fail (others may fail as a consequence). */
  readonly fails: readonly [string, ...string[]];
  /** A phrase the first failed check's message must contain ('' for any). */
  readonly says: string;
}

/** How an example folder (examples/<name>/) grades: full marks, or these checks fail. */
export interface ExampleExpectation {
  /** Check id → a tag it carries and a phrase its message must contain. */
  readonly fails?: Readonly<Record<string, readonly [tag: Tag, phrase: string]>>;
}

export const FULL_MARKS: ExampleExpectation = {};

export interface ExerciseCases {
  readonly exercise: string;
  readonly right: readonly RightProgram[];
  /** Right learner-style pairs (server and client): they must pass every pair check. */
  readonly rightPairs?: readonly RightProgram[];
  readonly mutants: readonly Mutant[];
  /** examples/<name>/ folders of this exercise and how each grades. */
  readonly examples: Readonly<Record<string, ExampleExpectation>>;
}

export function defineCases(cases: ExerciseCases): ExerciseCases {
  return cases;
}
