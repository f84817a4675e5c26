// The commands behind the CLI (grade, batch, list): parse options, load, run, report.
import { checksOf, exercises, findExercise } from '../../exercises/index.js';
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gradeSubmission, type GradeReport } from '../check/runner.js';
import { createSubmission } from '../check/submission.js';
import type { Role } from '../check/types.js';
import { formatTerminalReport } from '../report/terminal.js';
import { formatJsonReport } from '../report/json.js';
import { formatJunitReport } from '../report/junit.js';
import { formatGradescopeReport } from '../report/gradescope.js';
import { readManifest, ManifestError } from './manifest.js';
import { USAGE, UsageError } from './usage.js';
import { parseBuildTimeout, parseCheckTimeout, parseLimits, parseSandbox, parseTimeouts, type LimitOptionValues } from './options.js';

const colorEnabled = () => process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

function writeOutput(file: string, text: string): void {
  // Written aside and renamed over the target: whatever sits at that path (a file or a symlink a
  // submission planted) is replaced, never written through.
  const temporary = `${resolve(file)}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const COMMON_OPTIONS = {
  json: { type: 'string' },
  junit: { type: 'string' },
  gradescope: { type: 'string' },
  workers: { type: 'string' },
  timeout: { type: 'string' },
  'check-timeout': { type: 'string' },
  'no-redirect': { type: 'boolean' },
  cpu: { type: 'string' },
  memory: { type: 'string' },
  processes: { type: 'string' },
  output: { type: 'string' },
  'file-size': { type: 'string' },
  'open-files': { type: 'string' },
  sandbox: { type: 'string' },
  'build-timeout': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers takes a whole number from 1 to 64, got ${JSON.stringify(value)}`);
  return n;
}

function requireExercise(id: string | undefined) {
  if (!id) throw new UsageError('which exercise? e.g. sockgrade grade echo --server "python3 server.py" (sockgrade list shows them all)');
  const exercise = findExercise(id);
  if (!exercise) throw new UsageError(`unknown exercise ${JSON.stringify(id)}; known: ${exercises.map((e) => e.id).join(', ')}`);
  return exercise;
}

function requireDirectory(dir: string): string {
  const full = resolve(dir);
  if (!existsSync(full)) throw new UsageError(`the folder ${dir} does not exist`);
  if (!statSync(full).isDirectory()) throw new UsageError(`${dir} is not a folder`);
  return full;
}

interface GradeRequest {
  readonly exerciseId: string | undefined;
  readonly dir: string;
  readonly commands: Partial<Record<Role, string>>;
  /** `--build CMD`; otherwise the manifest's, when the manifest gives the commands. */
  readonly build?: string | undefined;
}

/** Decides which roles to grade: the commands given, else the folder's manifest, else the defaults whose files exist. */
function resolveCommands(request: GradeRequest) {
  let { exerciseId, commands, build } = request;
  if (build !== undefined && build.trim() === '') throw new UsageError('the --build command is empty');
  if (commands.server === undefined && commands.client === undefined) {
    const manifest = readManifest(request.dir);
    if (manifest) {
      exerciseId ??= manifest.exercise;
      if (manifest.exercise !== exerciseId) throw new UsageError(`${join(request.dir, 'sockgrade.json')} is for exercise ${manifest.exercise}, not ${exerciseId}`);
      commands = { ...(manifest.server ? { server: manifest.server } : {}), ...(manifest.client ? { client: manifest.client } : {}) };
      build ??= manifest.build;
    }
  }
  const exercise = requireExercise(exerciseId);
  for (const [role, command] of Object.entries(commands)) {
    if (command.trim() === '') throw new UsageError(`the --${role} command is empty`);
    if (!exercise.roles[role as Role]) throw new UsageError(`exercise ${exercise.id} has no ${role} role`);
  }
  if (commands.server === undefined && commands.client === undefined) {
    for (const role of ['server', 'client'] as const) {
      const spec = exercise.roles[role];
      const script = spec?.defaultCommand.split(' ').pop();
      if (spec && script && existsSync(join(request.dir, script))) commands = { ...commands, [role]: spec.defaultCommand };
    }
    if (commands.server === undefined && commands.client === undefined) {
      throw new UsageError(`nothing to grade in ${request.dir}: give --server CMD and/or --client CMD (or add a sockgrade.json)`);
    }
  }
  return { exercise, commands, build };
}

type RunValues = LimitOptionValues & { workers?: string | undefined; timeout?: string | undefined; 'check-timeout'?: string | undefined; 'build-timeout'?: string | undefined; 'no-redirect'?: boolean | undefined; sandbox?: string | undefined };

async function gradeOne(request: GradeRequest, values: RunValues, onLine?: (line: string) => void): Promise<GradeReport> {
  const { exercise, commands, build } = resolveCommands(request);
  const roles = (['server', 'client'] as const).filter((r) => commands[r] !== undefined);
  const workers = parseWorkers(values.workers);
  const checkMs = parseCheckTimeout(values['check-timeout']);
  const buildTimeoutMs = parseBuildTimeout(values['build-timeout']);
  const timeouts = { ...parseTimeouts(values.timeout), ...(checkMs ? { checkMs } : {}) };
  return gradeSubmission(exercise, checksOf(exercise, roles), createSubmission(request.dir, commands, { build }), {
    ...(workers ? { workers } : {}),
    ...(buildTimeoutMs ? { buildTimeoutMs } : {}),
    ...(Object.keys(timeouts).length ? { timeouts } : {}),
    limits: parseLimits(values),
    sandbox: parseSandbox(values.sandbox),
    redirect: !values['no-redirect'],
    ...(onLine ? { onResult: (r) => onLine(`${r.status === 'passed' ? '.' : r.status === 'failed' ? 'F' : r.status === 'skipped' ? 's' : 'E'}`) } : {}),
  });
}

export async function commandGrade(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, server: { type: 'string' }, client: { type: 'string' }, build: { type: 'string' }, cwd: { type: 'string' } },
  });
  if (values.help) return printUsage();
  if (positionals.length > 1) throw new UsageError(`grade takes one exercise, got ${positionals.join(' ')}`);
  const dir = requireDirectory(values.cwd ?? '.');
  const commands: Partial<Record<Role, string>> = {
    ...(values.server !== undefined ? { server: values.server } : {}),
    ...(values.client !== undefined ? { client: values.client } : {}),
  };
  const report = await gradeOne({ exerciseId: positionals[0], dir, commands, build: values.build }, values);
  if (values.json) writeOutput(values.json, formatJsonReport(report));
  if (values.junit) writeOutput(values.junit, formatJunitReport([report]));
  if (values.gradescope) writeOutput(values.gradescope, formatGradescopeReport(report));
  if (!values.quiet) process.stdout.write(formatTerminalReport(report, { color: colorEnabled(), verbose: values.verbose ?? false }));
  return report.checks.every((c) => c.status === 'passed') ? 0 : 1;
}

export async function commandBatch(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, out: { type: 'string' }, 'report-only': { type: 'boolean' } },
  });
  if (values.help) return printUsage();
  if (positionals.length !== 1) throw new UsageError('batch takes one folder whose subfolders are submissions (each with a sockgrade.json)');
  const root = requireDirectory(positionals[0]!);
  const folders = readdirSync(root).sort().map((name) => join(root, name)).filter((p) => statSync(p).isDirectory() && existsSync(join(p, 'sockgrade.json')));
  if (folders.length === 0) throw new UsageError(`no submissions in ${positionals[0]}: no subfolder has a sockgrade.json`);
  const reports: GradeReport[] = [];
  const summary: string[] = [];
  for (const dir of folders) {
    const name = dir.slice(root.length + 1);
    let report: GradeReport;
    try {
      report = await gradeOne({ exerciseId: undefined, dir, commands: {} }, values);
    } catch (error) {
      if (!(error instanceof UsageError || error instanceof ManifestError)) throw error;
      summary.push(`${name.padEnd(32)} not graded: ${error.message}`);
      process.stderr.write(`sockgrade: ${name}: ${error.message}\n`);
      continue;
    }
    reports.push(report);
    if (values.out) writeOutput(join(values.out, `${name}.json`), formatJsonReport(report));
    if (!values.quiet) process.stdout.write(formatTerminalReport(report, { color: colorEnabled(), verbose: values.verbose ?? false }) + '\n');
    const failedTags = [...new Set(report.checks.filter((c) => c.status === 'failed').flatMap((c) => c.tags))];
    summary.push(`${name.padEnd(32)} ${`${report.score}/${report.maxScore}`.padStart(7)}  ${failedTags.length ? `lost points on: ${failedTags.join(', ')}` : 'all checks passed'}`);
  }
  if (values.junit) writeOutput(values.junit, formatJunitReport(reports));
  process.stdout.write(`${colorEnabled() ? '\u001b[1m' : ''}summary${colorEnabled() ? '\u001b[0m' : ''}\n${summary.join('\n')}\n`);
  if (values['report-only']) return summary.length === reports.length ? 0 : 2;
  if (summary.length !== reports.length) return 2;
  return reports.every((r) => r.checks.every((c) => c.status === 'passed')) ? 0 : 1;
}

export function commandList(args: string[]): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return printUsage();
  if (values.json) {
    const data = exercises.map((e) => ({
      ...e,
      checks: checksOf(e).map(({ id, title, role, tags, points, hint, dependsOn }) => ({ id, title, role, tags, points, hint, ...(dependsOn ? { dependsOn } : {}) })),
    }));
    process.stdout.write(JSON.stringify(data, null, 2) + '\n');
    return 0;
  }
  for (const exercise of exercises) {
    process.stdout.write(`${exercise.id} — ${exercise.title}  (tutorial ${exercise.source.seed})\n  ${exercise.summary}\n`);
    for (const check of checksOf(exercise)) {
      process.stdout.write(`    ${check.role.padEnd(6)} ${check.id.padEnd(34)} ${String(check.points).padStart(2)} pt  [${check.tags.join(', ')}]  ${check.title}\n`);
    }
  }
  return 0;
}

function printUsage(): number {
  process.stdout.write(USAGE);
  return 0;
}

