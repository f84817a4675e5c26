// Grading fixtures from tests, and proving nothing was left running afterwards.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { findExercise } from '../../exercises/index.js';
import { getChecks } from '../../graders/index.js';
import { gradeSubmission, type GradeOptions, type GradeReport } from '../../harness/check/runner.js';
import type { Role } from '../../harness/check/types.js';
import { projectRoot } from '../../harness/paths.js';

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

/** Processes still alive whose working folder is one of sockgrade's run folders. */
export function findLeftoverProcesses(): string[] {
  const left: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (!cwd.includes('/sockgrade-')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // a zombie holds no resources
      left.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')} (in ${cwd})`);
    } catch {
      // exited while we looked
    }
  }
  return left;
}
