// Runs an exercise's checks against one submission: in parallel, each bounded, dependencies
// respected, and every check's programs gone before its result is reported.
import { render } from '../i18n/text.js';
import { availableParallelism } from 'node:os';
import type { Exercise } from '../../exercises/schema.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckContext, copySubmission, DEFAULT_TIMEOUTS, type RunSettings, type Submission, type Timeouts } from './context.js';
import { createBuildCheck, DEFAULT_BUILD_TIMEOUT_MS, withBuild, type BuildStep } from './build.js';
import { isCheckFailure } from './failure.js';
import { neutralizeControls } from '../util/text.js';
import { prepareInterpreters } from '../process/command.js';
import type { Check, CheckResult, CheckStatus, Role } from './types.js';
import type { GradeReport } from '../results/schema.js';
import { describeCommands } from './submission.js';
import { createPool, type Pool } from '../util/pool.js';
import { DEFAULT_LIMITS, detectMemoryControl, type ResourceLimits } from '../process/limits.js';
import { detectContainment } from '../process/containment.js';
import { resolveSandbox, type SandboxMode } from '../process/sandbox.js';

export interface GradeOptions {
  /** Checks run at once; defaults to the number of CPUs. Verdicts do not depend on it. */
  readonly workers?: number;
  readonly timeouts?: Partial<Timeouts>;
  /** Redirect hard-coded addresses in Python programs (default true). */
  readonly redirect?: boolean;
  /** Limits for every submission program; each one left out keeps its default (DEFAULT_LIMITS). */
  readonly limits?: ResourceLimits;
  readonly outputCapBytes?: number;
  /** Isolation of submissions (sandbox.ts); `auto` by default. `on` throws SandboxUnavailableError where impossible. */
  readonly sandbox?: SandboxMode;
  /** Wall-time bound of the submission's build, if it has one (DEFAULT_BUILD_TIMEOUT_MS). */
  readonly buildTimeoutMs?: number;
  /** Called as each check finishes, for live progress. */
  readonly onResult?: (result: CheckResult) => void;
  /**
   * A pool shared with other gradings running at the same time (`grade --all`): checks of every
   * grading then queue for the same `workers` slots instead of each grading having its own.
   */
  readonly pool?: Pool;
}

export type { Pool } from '../util/pool.js';

export type { GradeReport } from '../results/schema.js';

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

class CheckTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), ms);
  });
  promise.catch(() => {}); // a check abandoned on timeout may still reject later
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}


type ResultFields = { -readonly [K in keyof CheckResult]?: CheckResult[K] } & { message: string; durationMs: number };

function createResult(check: Check, status: CheckStatus, fields: ResultFields): CheckResult {
  return {
    id: check.id,
    role: check.role,
    title: render(check.title, 'en'),
    tags: check.tags,
    status,
    score: status === 'passed' ? check.points : 0,
    maxScore: check.points,
    hint: render(check.hint, 'en'),
    notes: [],
    redirections: [],
    transcript: [],
    ...fields,
    message: neutralizeControls(fields.message),
    ...(fields.expected !== undefined ? { expected: neutralizeControls(fields.expected, '\t\n\r') } : {}),
    ...(fields.actual !== undefined ? { actual: neutralizeControls(fields.actual, '\t\n\r') } : {}),
    ...(fields.notes ? { notes: fields.notes.map((n) => neutralizeControls(n)) } : {}),
    ...(fields.transcript ? { transcript: fields.transcript.map((e) => ({ ...e, text: neutralizeControls(e.text) })) } : {}),
  };
}

async function runCheck(check: Check, settings: RunSettings): Promise<CheckResult> {
  const ctx = new CheckContext(settings, check);
  const started = performance.now();
  const timeoutMs = check.timeoutMs ?? settings.timeouts.checkMs;
  let status: CheckStatus;
  let fields: Omit<ResultFields, 'durationMs'>;
  try {
    const outcome = await withTimeout(check.run(ctx), timeoutMs);
    status = 'passed';
    fields = { message: render(outcome?.note ?? 'passed', 'en'), ...(outcome?.warning ? { warning: render(outcome.warning, 'en') } : {}) };
  } catch (error) {
    if (isCheckFailure(error)) {
      status = 'failed';
      const { expected, actual, hint } = error.details;
      fields = { message: error.message, ...(expected !== undefined ? { expected } : {}), ...(actual !== undefined ? { actual } : {}), ...(hint ? { hint: render(hint, 'en') } : {}) };
    } else if (error instanceof CheckTimeout) {
      status = 'failed';
      fields = { message: `the check did not finish within ${timeoutMs / 1000} s: the program stopped responding (see the transcript for the last thing that happened)` };
    } else {
      status = 'errored';
      const err = error as Error;
      fields = { message: `sockgrade could not run this check (this is not your fault): ${err.message}`, diagnostic: err.stack ?? String(err) };
    }
  }
  const extraNotes: string[] = [];
  // A program stopped by a limit fails the check with the limit's name, whatever the check saw.
  const breaches = await ctx.limitBreaches(status === 'passed' ? 0 : 300);
  const first = breaches[0];
  // Else a program that waits for typed input when nothing was typed did not fail the way the
  // check saw it: it never acted. Say where it waits.
  const inputWait = !first && status === 'failed' ? await ctx.inputWait() : undefined;
  if (first) {
    if (status !== 'failed' || fields.message !== `the ${first.label} ${first.breach.what}`) {
      extraNotes.push(status === 'passed' ? 'the check itself passed before the limit was hit' : `what the check saw: ${fields.message}`);
    }
    status = 'failed';
    fields = {
      message: `the ${first.label} ${first.breach.what}`,
      ...(first.breach.evidence ? { actual: first.breach.evidence } : {}),
      hint: first.breach.hint,
    };
    for (const other of breaches.slice(1)) extraNotes.push(`also: the ${other.label} ${other.breach.what}`);
  } else if (inputWait) {
    extraNotes.push(`what the check saw: ${fields.message}`);
    fields = { message: inputWait.message, ...(inputWait.hint ? { hint: inputWait.hint } : {}) };
  }
  const redirections = ctx.redirections();
  await ctx.dispose();
  return createResult(check, status, {
    ...fields,
    redirections,
    notes: [...extraNotes, ...ctx.notes],
    transcript: ctx.transcript.events(),
    durationMs: Math.round(performance.now() - started),
  });
}

/**
 * The default limits, raised where the exercise's right programs need more (a 64 MiB file
 * received, a long transfer): a right program must never meet a limit; a runaway one still does.
 */
export function limitsFor(exercise: Exercise): Required<ResourceLimits> {
  const { fileSizeBytes, cpuSeconds } = exercise.needs;
  return {
    ...DEFAULT_LIMITS,
    ...(fileSizeBytes ? { fileSizeBytes: Math.max(DEFAULT_LIMITS.fileSizeBytes, fileSizeBytes * 2) } : {}),
    ...(cpuSeconds ? { cpuSeconds: Math.max(DEFAULT_LIMITS.cpuSeconds, cpuSeconds * 2) } : {}),
  };
}

/**
 * The build of a submission that has one: a fresh copy of its folder to build in, and the check
 * that runs the build there, as the role being graded (the server's when both are).
 */
function planBuild(submission: Submission, checks: readonly Check[], options: GradeOptions): { step: BuildStep; check: Check } | undefined {
  if (submission.build === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-build-'));
  copySubmission(submission.dir, dir);
  const step: BuildStep = { command: submission.build, dir, timeoutMs: options.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS };
  const role: Role = submission.commands.server !== undefined || checks.some((c) => c.role === 'server') ? 'server' : 'client';
  return { step, check: createBuildCheck(role, step) };
}

/** Grades one submission on the given checks (already filtered to the roles being graded). */
export async function gradeSubmission(exercise: Exercise, checks: readonly Check[], submission: Submission, options: GradeOptions = {}): Promise<GradeReport> {
  const build = planBuild(submission, checks, options);
  try {
    return await gradeWith(exercise, build ? withBuild(checks, build.check) : checks, submission, options, build?.step);
  } finally {
    if (build) rmSync(build.step.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function gradeWith(exercise: Exercise, checks: readonly Check[], submission: Submission, options: GradeOptions, build: BuildStep | undefined): Promise<GradeReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const workers = Math.max(1, options.workers ?? defaultWorkers());
  const sandbox = resolveSandbox(options.sandbox ?? 'auto');
  const limits: Required<ResourceLimits> = { ...limitsFor(exercise), ...definedOnly(options.limits ?? {}) };
  const settings: RunSettings = {
    ...(build ? { build } : {}),
    exercise,
    submission,
    timeouts: { ...DEFAULT_TIMEOUTS, ...(exercise.needs.checkMs ? { checkMs: exercise.needs.checkMs } : {}), ...options.timeouts },
    redirect: options.redirect ?? true,
    limits,
    sandbox: sandbox.filesystem === 'private',
    ...(options.outputCapBytes ? { outputCapBytes: options.outputCapBytes } : {}),
  };
  // Work every check will need is started now, concurrently: resolving interpreters (a version
  // manager's shim costs ~150 ms per start) and the reference runs the checks compare with.
  const interpreters = prepareInterpreters(Object.values(submission.commands).flatMap((p) => (p?.kind === 'command' ? [p.command] : [])));
  for (const check of checks) {
    for (const scenario of check.baselines ?? []) new CheckContext(settings, check).baseline(scenario).catch(() => {});
  }
  await interpreters;
  const pool = options.pool ?? createPool(workers);
  const byId = new Map<string, Promise<CheckResult>>();
  const schedule = (check: Check): Promise<CheckResult> => {
    const existing = byId.get(check.id);
    if (existing) return existing;
    const dependency = check.dependsOn ? checks.find((c) => c.id === check.dependsOn) : undefined;
    const promise = (async () => {
      if (dependency) {
        const parent = await schedule(dependency);
        if (parent.status !== 'passed') {
          // A chain of skips names the check that failed at its root (a failed build, say).
          const message = parent.status === 'skipped' ? parent.message : `can't check until "${dependency.title}" passes`;
          return createResult(check, 'skipped', { message, durationMs: 0 });
        }
      }
      // Checks allowed to run longest start first: in a pool shared by many gradings (grade
      // --all, batch), a 64 MiB transfer queued last would otherwise set the total time alone.
      return pool(() => runCheck(check, settings), check.timeoutMs ?? settings.timeouts.checkMs);
    })().then((result) => {
      options.onResult?.(result);
      return result;
    });
    byId.set(check.id, promise);
    return promise;
  };
  const results = await Promise.all(checks.map(schedule));
  const containment = detectContainment();
  const memory = detectMemoryControl();
  return {
    exercise: exercise.id,
    title: exercise.title,
    score: results.reduce((sum, r) => sum + r.score, 0),
    maxScore: results.reduce((sum, r) => sum + r.maxScore, 0),
    durationMs: Math.round(performance.now() - started),
    startedAt,
    submission: { dir: submission.dir, commands: describeCommands(submission), ...(submission.build !== undefined ? { build: submission.build } : {}) },
    environment: {
      containment: containment.mode,
      ...(containment.reason ? { containmentNote: containment.reason } : {}),
      redirect: settings.redirect,
      workers,
      platform: `${process.platform}-${process.arch}`,
      node: process.version,
      sandbox: sandbox.sandbox,
      isolation: { network: sandbox.network, filesystem: sandbox.filesystem },
      ...(sandbox.note ? { sandboxNote: sandbox.note } : {}),
      limits: { ...limits, checkMs: settings.timeouts.checkMs },
      memoryLimit: memory.kind,
      ...(memory.note ? { memoryLimitNote: memory.note } : {}),
    },
    redirections: [...new Set(results.flatMap((r) => r.redirections))],
    checks: results,
  };
}
