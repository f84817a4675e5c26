// Runs an exercise's checks against one submission: in parallel, each bounded, dependencies
// respected, and every check's programs gone before its result is reported.
import { render, t, type Lang, type Text } from '../i18n/text.js';
import { programWord } from '../i18n/words.js';
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
import { attachSites } from './transcript-sites.js';

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
  /** The language of every title, message, hint and note in the report (default `en`). */
  readonly lang?: Lang;
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

/**
 * Checks run at once by a command that grades one submission or the catalogue (`grade`,
 * `grade --all`, `doctor`): most of a check is waiting for a program, so 4 per core keep the
 * cores busy. Verdicts do not depend on it (test/bench/workers.test.ts).
 */
export function commandWorkers(cores: number = availableParallelism()): number {
  return Math.max(2, cores * 4);
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


type Words = string | Text;

/**
 * A result's fields before rendering: every word people read still in every language (a grader's
 * string not yet bilingual passes through as it is), rendered once, in `createResult`.
 */
interface ResultFields {
  readonly message: Words;
  readonly durationMs: number;
  readonly hint?: Words;
  readonly expected?: Words;
  readonly actual?: Words;
  readonly warning?: Words;
  readonly diagnostic?: string;
  readonly notes?: readonly Words[];
  readonly redirections?: readonly Words[];
  readonly transcript?: CheckResult['transcript'];
}

const PASSED = t('passed', '通过');

function createResult(check: Check, status: CheckStatus, fields: ResultFields, lang: Lang): CheckResult {
  const say = (text: Words) => render(text, lang);
  const { message, hint, expected, actual, warning, notes, redirections, ...rest } = fields;
  return {
    id: check.id,
    role: check.role,
    title: say(check.title),
    tags: check.tags,
    status,
    score: status === 'passed' ? check.points : 0,
    maxScore: check.points,
    hint: say(hint ?? check.hint),
    notes: (notes ?? []).map((n) => neutralizeControls(say(n))),
    redirections: (redirections ?? []).map(say),
    transcript: [],
    ...rest,
    message: neutralizeControls(say(message)),
    ...(expected !== undefined ? { expected: neutralizeControls(say(expected), '\t\n\r') } : {}),
    ...(actual !== undefined ? { actual: neutralizeControls(say(actual), '\t\n\r') } : {}),
    ...(warning !== undefined ? { warning: say(warning) } : {}),
    ...(fields.transcript ? { transcript: fields.transcript.map((e) => ({ ...e, text: neutralizeControls(e.text) })) } : {}),
  };
}

/** Whether two messages are the same words (in English, which every message has). */
function sameWords(a: Words, b: Words): boolean {
  return render(a, 'en') === render(b, 'en');
}

async function runCheck(check: Check, settings: RunSettings, lang: Lang): Promise<CheckResult> {
  const ctx = new CheckContext(settings, check);
  const started = performance.now();
  const timeoutMs = check.timeoutMs ?? settings.timeouts.checkMs;
  let status: CheckStatus;
  let fields: Omit<ResultFields, 'durationMs'>;
  try {
    const outcome = await withTimeout(check.run(ctx), timeoutMs);
    status = 'passed';
    fields = { message: outcome?.note ?? PASSED, ...(outcome?.warning ? { warning: outcome.warning } : {}) };
  } catch (error) {
    if (isCheckFailure(error)) {
      status = 'failed';
      const { expected, actual, hint } = error.details;
      fields = { message: error.text, ...(expected !== undefined ? { expected } : {}), ...(actual !== undefined ? { actual } : {}), ...(hint ? { hint } : {}) };
    } else if (error instanceof CheckTimeout) {
      status = 'failed';
      const seconds = timeoutMs / 1000;
      fields = {
        message: t(
          `the check did not finish within ${seconds} s: the program stopped responding (see the transcript for the last thing that happened)`,
          `检查没有在 ${seconds} s 内完成：程序不再响应（最后发生的事见通信记录）`,
        ),
      };
    } else {
      status = 'errored';
      const err = error as Error;
      // err.message is sockgrade's own wording of its own failure: English, like the diagnostic.
      fields = {
        message: t(`sockgrade could not run this check (this is not your fault): ${err.message}`, `sockgrade 无法运行这项检查（这不是你的错）：${err.message}`),
        diagnostic: err.stack ?? String(err),
      };
    }
  }
  const extraNotes: Text[] = [];
  const sawNote = (saw: Words) => t(`what the check saw: ${render(saw, 'en')}`, `检查看到的情况：${render(saw, 'zh')}`);
  // A program stopped by a limit fails the check with the limit's name, whatever the check saw.
  const breaches = await ctx.limitBreaches(status === 'passed' ? 0 : 300);
  const first = breaches[0];
  // Else a program that waits for typed input when nothing was typed did not fail the way the
  // check saw it: it never acted. Say where it waits.
  const inputWait = !first && status === 'failed' ? await ctx.inputWait() : undefined;
  if (first) {
    const breachMessage = (b: typeof first) => {
      const who = programWord(b.label);
      return t(`the ${who.en} ${b.breach.what.en}`, `${who.zh}${b.breach.what.zh}`);
    };
    const message = breachMessage(first);
    if (status !== 'failed' || !sameWords(fields.message, message)) {
      extraNotes.push(status === 'passed' ? t('the check itself passed before the limit was hit', '在触及限制之前，检查本身已经通过') : sawNote(fields.message));
    }
    status = 'failed';
    fields = {
      message,
      ...(first.breach.evidence ? { actual: first.breach.evidence } : {}),
      hint: first.breach.hint,
    };
    for (const other of breaches.slice(1)) {
      const also = breachMessage(other);
      extraNotes.push(t(`also: ${also.en}`, `另外：${also.zh}`));
    }
  } else if (inputWait) {
    extraNotes.push(sawNote(fields.message));
    fields = { message: inputWait.message, ...(inputWait.hint ? { hint: inputWait.hint } : {}) };
  }
  const redirections = ctx.redirections();
  const sites = ctx.siteContext();
  await ctx.dispose();
  return createResult(check, status, {
    ...fields,
    redirections,
    notes: [...extraNotes, ...ctx.notes],
    transcript: attachSites(ctx.transcript.events(), sites),
    durationMs: Math.round(performance.now() - started),
  }, lang);
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
  const lang = options.lang ?? 'en';
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
          const title = dependency.title;
          const message = parent.status === 'skipped'
            ? parent.message
            : t(`can't check until "${render(title, 'en')}" passes`, `要等“${render(title, 'zh')}”通过后才能检查`);
          return createResult(check, 'skipped', { message, durationMs: 0 }, lang);
        }
      }
      // Checks allowed to run longest start first: in a pool shared by many gradings (grade
      // --all, batch), a 64 MiB transfer queued last would otherwise set the total time alone.
      return pool(() => runCheck(check, settings, lang), check.timeoutMs ?? settings.timeouts.checkMs);
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
    title: render(exercise.title, lang),
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
    lang,
  };
}
