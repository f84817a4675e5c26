// `sockgrade check FILE`: the learner's own check. Finds which exercise and role the file is
// (check-target.ts), grades that role of it, and prints the report; `--watch` grades again on
// every save until Ctrl-C.
import { parseArgs } from 'node:util';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { checksOf, exercises } from '../../exercises/index.js';
import { gradeSubmission, type GradeReport } from '../check/runner.js';
import { createSubmission } from '../check/submission.js';
import { render, t, LANGS, type Lang } from '../i18n/text.js';
import { parseFormats, reporters, type ReporterRequest } from '../report/registry.js';
import { ALL_VISIBLE } from '../report/reporter.js';
import { watchFolder } from '../learner/watch.js';
import { describeTarget, resolveTarget, type CheckTarget } from './check-target.js';
import { parseBuildTimeout, parseCheckTimeout, parseLimits, parseSandbox, parseTimeouts, RUN_OPTIONS } from './options.js';
import { runReporters } from './outputs.js';
import { USAGE, UsageError } from './usage.js';

const OPTIONS = {
  exercise: { type: 'string' },
  role: { type: 'string' },
  command: { type: 'string' },
  build: { type: 'string' },
  watch: { type: 'boolean', short: 'w' },
  format: { type: 'string' },
  ...RUN_OPTIONS,
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** A folder this big is not a submission (a home folder, a whole course): only the file is copied. */
const MAX_FOLDER_ENTRIES = 200;
const MAX_FOLDER_BYTES = 50 * 1024 * 1024;

function isSmallFolder(dir: string): boolean {
  let entries = 0;
  let bytes = 0;
  const walk = (d: string): boolean => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (++entries > MAX_FOLDER_ENTRIES) return false;
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!walk(path)) return false;
      } else if (entry.isFile()) {
        bytes += statSync(path).size;
        if (bytes > MAX_FOLDER_BYTES) return false;
      }
    }
    return true;
  };
  try {
    return walk(dir);
  } catch {
    return false;
  }
}

/** The folder to grade: the file's own when it is a submission-sized one, else a copy of the file alone. */
function stageFolder(file: string): { dir: string; dispose: () => void } {
  const dir = dirname(file);
  if (isSmallFolder(dir)) return { dir, dispose: () => {} };
  const staged = mkdtempSync(join(tmpdir(), 'sockgrade-check-'));
  cpSync(file, join(staged, basename(file)));
  return { dir: staged, dispose: () => rmSync(staged, { recursive: true, force: true }) };
}

function parseLang(value: string | undefined): Lang {
  if (value === undefined) return 'en';
  if (!(LANGS as readonly string[]).includes(value)) throw new UsageError(`--lang takes ${LANGS.join(' or ')}, got ${JSON.stringify(value)}`);
  return value as Lang;
}

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers takes a whole number from 1 to 64, got ${JSON.stringify(value)}`);
  return n;
}

async function gradeTarget(target: CheckTarget, values: Values): Promise<GradeReport> {
  const checkMs = parseCheckTimeout(values['check-timeout']);
  const buildTimeoutMs = parseBuildTimeout(values['build-timeout']);
  const timeouts = { ...parseTimeouts(values.timeout), ...(checkMs ? { checkMs } : {}) };
  const workers = parseWorkers(values.workers);
  const staged = stageFolder(target.file);
  try {
    const submission = createSubmission(staged.dir, { [target.role]: target.command }, { build: target.build });
    return await gradeSubmission(target.exercise, checksOf(target.exercise, [target.role]), submission, {
      ...(workers ? { workers } : {}),
      ...(buildTimeoutMs ? { buildTimeoutMs } : {}),
      ...(Object.keys(timeouts).length ? { timeouts } : {}),
      limits: parseLimits(values),
      sandbox: parseSandbox(values.sandbox),
      redirect: !values['no-redirect'],
    });
  } finally {
    staged.dispose();
  }
}

/** A closing line for the learner: what to do next. */
function nextStep(report: GradeReport, lang: Lang): string {
  const failed = report.checks.find((c) => c.status === 'failed');
  if (!failed) {
    return report.checks.every((c) => c.status === 'passed')
      ? render(t(`all ${report.checks.length} checks passed`, `全部 ${report.checks.length} 项检查都通过了`), lang)
      : render(t('no check failed, but some could not be run (see above)', '没有检查失败，但有些检查未能运行（见上文）'), lang);
  }
  return render(t(`start with the first failure: "${failed.title}" — its hint and transcript are above`, `从第一个失败开始：“${failed.title}”——提示和记录见上文`), lang);
}

function reporterRequests(values: Values): ReporterRequest[] {
  const requests = values.format ? parseFormats(values.format) : [];
  if (!requests.some((r) => r.reporter.name === 'terminal' && r.file === undefined)) requests.unshift({ reporter: reporters.terminal! });
  // Under GitHub Actions, as grade does: the job summary and annotations at the learner's file:line.
  if (process.env.GITHUB_ACTIONS === 'true' && !requests.some((r) => r.reporter.name === 'github')) requests.push({ reporter: reporters.github! });
  return requests;
}

function colorEnabled(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

/** Grades once and prints; the exit status of that grading (0 all passed, 1 some failed, 2 a report not written). */
async function checkOnce(target: CheckTarget, values: Values, lang: Lang): Promise<number> {
  const report = await gradeTarget(target, values);
  const run = { reports: [report], batch: false, options: { color: colorEnabled(), lang, verbose: values.verbose ?? false, visibility: ALL_VISIBLE, env: process.env } };
  const failures = runReporters(run, reporterRequests(values));
  for (const failure of failures) process.stderr.write(`sockgrade: ${failure} (the other reports were written)\n`);
  process.stdout.write(`${nextStep(report, lang)}\n`);
  if (failures.length) return 2;
  return report.checks.every((c) => c.status === 'passed') ? 0 : 1;
}

/** Files whose change is worth a new grading: the program and its neighbours of the same kind, not editors' droppings. */
function isRelevant(file: string): (name: string) => boolean {
  const ext = extname(file);
  return (name) => {
    const base = basename(name);
    if (base.startsWith('.') || base.endsWith('~') || base.endsWith('.swp') || base.includes('__pycache__')) return false;
    return base === basename(file) || (ext !== '' && extname(base) === ext) || base === 'sockgrade.json';
  };
}

async function watchAndCheck(typedFile: string, values: Values, lang: Lang): Promise<number> {
  let target: CheckTarget | undefined;
  let round = 0;
  const grade = async (): Promise<void> => {
    round++;
    if (round > 1) process.stdout.write(`\n${render(t(`── ${new Date().toLocaleTimeString()} — ${typedFile} changed, checking again ──`, `── ${new Date().toLocaleTimeString()} — ${typedFile} 已更改，重新检查 ──`), lang)}\n`);
    try {
      if (!target) {
        target = resolveTarget({ file: typedFile, exercise: values.exercise, role: values.role, command: values.command, build: values.build }, exercises);
        process.stdout.write(describeTarget(target, typedFile, lang).join('\n') + '\n\n');
      }
      await checkOnce(target, values, lang);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      process.stdout.write(`sockgrade: ${error.message}\n`);
    }
    process.stdout.write(render(t('watching for changes; Ctrl-C to stop', '正在等待文件更改；按 Ctrl-C 结束'), lang) + '\n');
  };
  const dir = dirname(typedFile === '' ? '.' : typedFile);
  const watching = watchFolder({
    dir,
    relevant: isRelevant(typedFile),
    run: grade,
    onQueued: () => process.stdout.write(render(t('(a change arrived during the check: checking again when it ends)', '（检查期间文件有更改：本次结束后重新检查）'), lang) + '\n'),
  });
  // Ctrl-C ends the watch: the programs of a check in progress are killed on exit (kill-tree.ts).
  return new Promise((resolveExit) => {
    let stopping = false;
    const stop = () => {
      // kill-tree.ts re-raises the signal after killing the programs it tracks: seen once only.
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n${render(t('stopped watching', '已停止监视'), lang)}\n`);
      void watching.stop();
      resolveExit(0);
      // A check in progress is abandoned: its programs are killed as the process exits.
      setImmediate(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function commandCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('check takes one file, e.g. sockgrade check server.py (--exercise ID --role server|client to say which it is)');
  const typedFile = positionals[0]!;
  const lang = parseLang(values.lang);
  // Bad options are told before anything runs.
  parseLimits(values);
  parseSandbox(values.sandbox);
  parseTimeouts(values.timeout);
  if (values.format) parseFormats(values.format);
  if (values.watch) return watchAndCheck(typedFile, values, lang);
  const target = resolveTarget({ file: typedFile, exercise: values.exercise, role: values.role, command: values.command, build: values.build }, exercises);
  process.stdout.write(describeTarget(target, typedFile, lang).join('\n') + '\n\n');
  return checkOnce(target, values, lang);
}
