// Grading fixtures from tests, and proving nothing was left running afterwards.
import { checksOf, findExercise } from '../../exercises/index.js';
import { createSubmission } from '../../harness/check/submission.js';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeSubmission, type GradeOptions, type GradeReport } from '../../harness/check/runner.js';
import type { Check, Role } from '../../harness/check/types.js';
import { projectRoot } from '../../harness/paths.js';
import { GRADER_PID_VARIABLE } from '../../harness/process/program.js';
import { STAGE_ROOT_VARIABLE } from '../stage-root.js';

export const fixturesDir = (exercise: string) => join(projectRoot, 'test', 'fixtures', exercise);

/** The checks with these ids and every check they depend on (so a skipped prerequisite cannot hide them). */
export function withPrerequisites(checks: readonly Check[], ids: readonly string[]): Check[] {
  const wanted = new Set<string>();
  const add = (id: string | undefined) => {
    if (id === undefined || wanted.has(id)) return;
    wanted.add(id);
    add(checks.find((c) => c.id === id)?.dependsOn);
  };
  ids.forEach(add);
  return checks.filter((c) => wanted.has(c.id));
}

const staged = new Map<string, string>();
let ownStageRoot: string | undefined;

/** The run's folder for staged fixtures (test/stage-root.ts), or one of this process's own. */
function stageRoot(): string {
  const root = process.env[STAGE_ROOT_VARIABLE];
  if (root) return root;
  if (!ownStageRoot) {
    const made = mkdtempSync(join(tmpdir(), 'staged-fixtures-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    ownStageRoot = made;
  }
  return ownStageRoot;
}

/**
 * A fixture folder holds every right program and mutant of an exercise (twenty files or so) where a
 * learner's holds two or three, and every check copies the folder it grades (file creation is the
 * slow part on ext4). The files the commands name are staged alone, once per set for the process,
 * so a check copies what a learner's would. Commands naming no file of the folder keep the folder.
 */
function stageFixtures(dir: string, commands: Partial<Record<Role, string>>): string {
  const named = [...new Set(Object.values(commands).flatMap((command) => command.split(/\s+/)))]
    .filter((word) => /^[\w.-]+$/.test(word) && statSync(join(dir, word), { throwIfNoEntry: false })?.isFile())
    .sort();
  if (named.length === 0) return dir;
  const key = [dir, ...named].join('\0');
  let stage = staged.get(key);
  if (!stage) {
    stage = mkdtempSync(join(stageRoot(), 'set-'));
    for (const name of named) copyFileSync(join(dir, name), join(stage, name));
    staged.set(key, stage);
  }
  return stage;
}

/**
 * Grades a program under test/fixtures/<exercise>/ (or `dir`). `only` grades just those checks and
 * their prerequisites: a mutant is graded on the checks its bug must fail, which keeps the suite fast.
 * `pair` grades in pair mode (the pair checks join when both roles are given).
 */
export async function gradeFixture(exerciseId: string, commands: Partial<Record<Role, string>>, options: GradeOptions & { dir?: string; only?: readonly string[]; build?: string; pair?: boolean } = {}): Promise<GradeReport> {
  const exercise = findExercise(exerciseId);
  if (!exercise) throw new Error(`no exercise ${exerciseId}`);
  const roles = (['server', 'client'] as const).filter((r) => commands[r] !== undefined);
  const all = checksOf(exercise, roles, { pair: options.pair === true });
  const checks = options.only ? withPrerequisites(all, options.only) : all;
  const dir = options.dir ?? (options.build ? fixturesDir(exerciseId) : stageFixtures(fixturesDir(exerciseId), commands));
  return gradeSubmission(exercise, checks, createSubmission(dir, commands, { build: options.build }), options);
}

/** Ids of the checks with a status. */
export function idsWith(report: GradeReport, status: 'passed' | 'failed' | 'skipped' | 'errored'): string[] {
  return report.checks.filter((c) => c.status === status).map((c) => c.id);
}

/**
 * Processes still alive that a grader started: by default this test process; give the pid of a
 * CLI run to check that one. Found through the environment variable every program inherits, so
 * parallel test files do not see each other's programs, and escapees are found too.
 */
export function findLeftoverProcesses(graderPid: number = process.pid): string[] {
  const tag = `${GRADER_PID_VARIABLE}=${graderPid}\0`;
  const left: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').includes(tag)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // a zombie runs no code
      left.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')} (in ${readlinkSync(`/proc/${pid}/cwd`)})`);
    } catch {
      // exited while we looked, or not ours to read
    }
  }
  return left;
}
