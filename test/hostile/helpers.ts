// Grading hostile programs and proving afterwards that nothing of them is alive.
import { checksOf, findExercise } from '../../exercises/index.js';
import { createSubmission } from '../../harness/check/submission.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradeSubmission, type GradeOptions, type GradeReport } from '../../harness/check/runner.js';
import type { CheckResult, Role } from '../../harness/check/types.js';
import { projectRoot } from '../../harness/paths.js';
import { findLeftoverProcesses } from '../helpers/grade.js';

export const hostileDir = join(projectRoot, 'test', 'fixtures', 'hostile');
export { CLI } from '../helpers/cli.js';

/**
 * Live (non-zombie) processes whose command line mentions `name`: the hostile fixture's file
 * name is unique, so this counts its processes and nobody else's (other suites share the machine).
 */
export function processesOf(name: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!cmdline.includes(name)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      found.push(`${pid} ${cmdline}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** processesOf plus the shared helper's view (processes in a sockgrade run folder), for `name`. */
export function leftovers(name: string): string[] {
  return [...new Set([...processesOf(name), ...findLeftoverProcesses().filter((l) => l.includes(name))])];
}

export interface HostileRun {
  readonly report: GradeReport;
  readonly ms: number;
  /** Processes of the program alive just before grading and just after. */
  readonly before: number;
  readonly after: string[];
  check(id: string): CheckResult;
}

/** Grades `python3 <file>` on the given echo checks (all of the role when none are named). */
export async function gradeHostile(file: string, options: GradeOptions & { role?: Role; checks?: readonly string[]; dir?: string } = {}): Promise<HostileRun> {
  const exercise = findExercise('echo')!;
  const role = options.role ?? 'server';
  const checks = checksOf(exercise, [role]).filter((c) => !options.checks || options.checks.includes(c.id));
  const before = processesOf(file).length;
  const started = performance.now();
  const report = await gradeSubmission(exercise, checks, createSubmission(options.dir ?? hostileDir, { [role]: `python3 ${file}` }), options);
  const ms = performance.now() - started;
  return {
    report,
    ms,
    before,
    after: leftovers(file),
    check: (id) => {
      const result = report.checks.find((c) => c.id === id);
      if (!result) throw new Error(`no check ${id} in the report`);
      return result;
    },
  };
}

/** All text a role printed on a stream during a check, from its transcript. */
export function printed(result: CheckResult, actor: string, kind: 'stdout' | 'stderr'): string {
  return result.transcript.filter((e) => e.actor === actor && e.kind === kind).map((e) => e.text).join('');
}
