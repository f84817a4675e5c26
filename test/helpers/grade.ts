// Grading fixtures from tests, and proving nothing was left running afterwards.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { findExercise } from '../../exercises/index.js';
import { getChecks } from '../../graders/index.js';
import { gradeSubmission, type GradeOptions, type GradeReport } from '../../harness/check/runner.js';
import type { Role } from '../../harness/check/types.js';
import { projectRoot } from '../../harness/paths.js';
import { GRADER_PID_VARIABLE } from '../../harness/process/program.js';

export const fixturesDir = (exercise: string) => join(projectRoot, 'test', 'fixtures', exercise);

export async function gradeFixture(exerciseId: string, commands: Partial<Record<Role, string>>, options: GradeOptions & { dir?: string } = {}): Promise<GradeReport> {
  const exercise = findExercise(exerciseId);
  if (!exercise) throw new Error(`no exercise ${exerciseId}`);
  const roles = (['server', 'client'] as const).filter((r) => commands[r] !== undefined);
  return gradeSubmission(exercise, getChecks(exerciseId, roles), { dir: options.dir ?? fixturesDir(exerciseId), commands }, options);
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
