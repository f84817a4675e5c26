// `sockgrade doctor`: what this machine offers sockgrade and what each missing piece costs, then
// the proof that the install works: every exercise's reference graded in both roles (and one
// Python example, when Python 3 is there). Exit 0 when everything needed works, 1 when not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { styleText } from 'node:util';
import { z } from 'zod';
import { checksOf, exercises } from '../../exercises/index.js';
import { availableParallelism } from 'node:os';
import { createPool } from '../util/pool.js';
import { commandWorkers } from '../check/runner.js';
import type { Exercise } from '../../exercises/schema.js';
import { gradeSubmission } from '../check/runner.js';
import { createSubmission } from '../check/submission.js';
import { render, t, LANGS, type Lang } from '../i18n/text.js';
import { projectRoot } from '../paths.js';
import type { GradeReport } from '../results/schema.js';
import { readManifest } from './manifest.js';
import { probeMachine, type Finding } from './doctor-probes.js';
import { USAGE, UsageError } from './usage.js';

/** One grading of the proof: an exercise's reference (or an example), and how it went. */
export const DoctorGradingSchema = z.object({
  what: z.string(),
  exercise: z.string(),
  score: z.number(),
  maxScore: z.number(),
  ok: z.boolean(),
  durationMs: z.number(),
  /** Checks that did not pass: id, status and message. */
  problems: z.array(z.object({ check: z.string(), status: z.string(), message: z.string() })),
  error: z.string().optional(),
});

export const DoctorReportSchema = z.object({
  version: z.literal(1),
  ok: z.boolean(),
  node: z.string(),
  platform: z.string(),
  findings: z.array(z.object({ id: z.string(), what: z.string(), status: z.enum(['ok', 'missing']), detail: z.string(), needed: z.boolean(), cost: z.string().optional() })),
  gradings: z.array(DoctorGradingSchema),
  summary: z.string(),
});

export type DoctorGrading = z.infer<typeof DoctorGradingSchema>;
export type DoctorReport = z.infer<typeof DoctorReportSchema>;

function summarize(what: string, report: GradeReport): DoctorGrading {
  const problems = report.checks.filter((c) => c.status !== 'passed').map((c) => ({ check: `${c.role}/${c.id}`, status: c.status, message: c.message }));
  return { what, exercise: report.exercise, score: report.score, maxScore: report.maxScore, ok: problems.length === 0, durationMs: report.durationMs, problems };
}

export interface CatalogueGrading {
  readonly exercise: Exercise;
  readonly report?: GradeReport;
  readonly error?: string;
}

/**
 * Grades every exercise's reference against itself, both roles (not pair mode), all exercises at
 * once in this process with one shared pool of checks, as `grade --all` does; `onDone` hears of
 * each exercise as it finishes, the result is in catalogue order.
 */
export async function gradeReferenceCatalogue(list: readonly Exercise[], onDone: (graded: CatalogueGrading) => void): Promise<CatalogueGrading[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-doctor-'));
  // As `grade --all` does: every exercise at once, their checks sharing one pool.
  const pool = createPool(commandWorkers(availableParallelism()));
  try {
    return await Promise.all(list.map(async (exercise) => {
      const roles = (['server', 'client'] as const).filter((role) => exercise.roles[role]);
      const commands = Object.fromEntries(roles.map((role) => [role, 'reference']));
      let graded: CatalogueGrading;
      try {
        graded = { exercise, report: await gradeSubmission(exercise, checksOf(exercise, roles), createSubmission(dir, commands), { pool }) };
      } catch (error) {
        graded = { exercise, error: (error as Error).message };
      }
      onDone(graded);
      return graded;
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bundled Python example that proves Python submissions run (interpreter, shim, sandbox). */
async function gradePythonExample(): Promise<DoctorGrading | undefined> {
  const dir = join(projectRoot, 'examples', 'echo-correct');
  const manifest = (() => {
    try {
      return readManifest(dir);
    } catch {
      return undefined;
    }
  })();
  const exercise = exercises.find((e) => e.id === manifest?.exercise);
  if (!manifest || !exercise) return undefined;
  const commands = { ...(manifest.server ? { server: manifest.server } : {}), ...(manifest.client ? { client: manifest.client } : {}) };
  const what = 'examples/echo-correct (Python)';
  try {
    return summarize(what, await gradeSubmission(exercise, checksOf(exercise, Object.keys(commands) as ('server' | 'client')[]), createSubmission(dir, commands)));
  } catch (error) {
    return { what, exercise: exercise.id, score: 0, maxScore: 0, ok: false, durationMs: 0, problems: [], error: (error as Error).message };
  }
}

function paint(color: Parameters<typeof styleText>[0], text: string, on: boolean): string {
  return on ? styleText(color, text) : text;
}

function findingLine(finding: Finding, lang: Lang, color: boolean): string[] {
  const mark = finding.status === 'ok' ? paint('green', 'ok     ', color) : finding.needed ? paint('red', 'MISSING', color) : paint('yellow', 'missing', color);
  const lines = [`${mark} ${render(finding.what, lang)}: ${finding.detail}`];
  if (finding.status === 'missing') lines.push(`        ${render(finding.needed ? t(`needed: ${render(finding.cost, 'en')}`, `必需：${render(finding.cost, 'zh')}`) : t(`costs: ${render(finding.cost, 'en')}`, `影响：${render(finding.cost, 'zh')}`), lang)}`);
  return lines;
}

function gradingLine(grading: DoctorGrading, color: boolean): string {
  const mark = grading.ok ? paint('green', 'ok     ', color) : paint('red', 'FAILED ', color);
  const score = grading.error ? `could not grade: ${grading.error}` : `${grading.score}/${grading.maxScore} in ${(grading.durationMs / 1000).toFixed(1)} s`;
  const problems = grading.problems.slice(0, 3).map((p) => `\n        ${p.check} ${p.status}: ${p.message.split('\n')[0]}`).join('');
  return `${mark} ${grading.what.padEnd(34)} ${score}${problems}`;
}

export async function commandDoctor(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, 'no-grade': { type: 'boolean' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length) throw new UsageError(`doctor takes no arguments, got ${positionals.join(' ')}`);
  if (values.lang !== undefined && !(LANGS as readonly string[]).includes(values.lang)) throw new UsageError(`--lang takes ${LANGS.join(' or ')}, got ${JSON.stringify(values.lang)}`);
  const lang = (values.lang ?? 'en') as Lang;
  const json = values.json === true;
  const color = !json && process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const out = (line: string) => {
    if (!json) process.stdout.write(`${line}\n`);
  };

  out(paint('bold', render(t('sockgrade doctor · what this machine offers', 'sockgrade doctor · 本机提供的能力'), lang), color));
  const findings = probeMachine();
  for (const finding of findings) for (const line of findingLine(finding, lang, color)) out(line);

  const gradings: DoctorGrading[] = [];
  if (!values['no-grade']) {
    out('');
    out(paint('bold', render(t('grading every exercise’s reference against itself, both roles', '用每个练习的参考程序互相评分（两个角色）'), lang), color));
    await gradeReferenceCatalogue(exercises, (graded) => {
      const grading = graded.report ? summarize(`${graded.exercise.id} (reference)`, graded.report) : { what: `${graded.exercise.id} (reference)`, exercise: graded.exercise.id, score: 0, maxScore: 0, ok: false, durationMs: 0, problems: [], error: graded.error ?? 'unknown' };
      gradings.push(grading);
      out(gradingLine(grading, color));
    });
    if (findings.find((f) => f.id === 'python3')?.status === 'ok') {
      const python = await gradePythonExample();
      if (python) {
        gradings.push(python);
        out(gradingLine(python, color));
      }
    }
  }

  const brokenNeeds = findings.filter((f) => f.needed && f.status === 'missing');
  const failedGradings = gradings.filter((g) => !g.ok);
  const missingOptional = findings.filter((f) => !f.needed && f.status === 'missing');
  const ok = brokenNeeds.length === 0 && failedGradings.length === 0;
  const graded = values['no-grade'] ? '' : ` ${gradings.length - failedGradings.length}/${gradings.length} gradings passed;`;
  const gradedZh = values['no-grade'] ? '' : `${gradings.length} 次评分中 ${gradings.length - failedGradings.length} 次通过；`;
  const summary = ok
    ? render(t(`the install works:${graded} ${missingOptional.length} optional piece(s) missing${missingOptional.length ? ` (${missingOptional.map((f) => f.id).join(', ')})` : ''}`, `安装可用：${gradedZh}缺少 ${missingOptional.length} 个可选组件${missingOptional.length ? `（${missingOptional.map((f) => f.id).join('、')}）` : ''}`), lang)
    : render(t(`the install is broken:${graded} needed but missing: ${brokenNeeds.map((f) => f.id).join(', ') || 'nothing'}; failed: ${failedGradings.map((g) => g.what).join(', ') || 'nothing'}`, `安装有问题：${gradedZh}缺少必需组件：${brokenNeeds.map((f) => f.id).join('、') || '无'}；失败：${failedGradings.map((g) => g.what).join('、') || '无'}`), lang);
  out('');
  out(paint(ok ? 'green' : 'red', summary, color));

  if (json) {
    const report: DoctorReport = {
      version: 1,
      ok,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      findings: findings.map((f) => ({ id: f.id, what: render(f.what, lang), status: f.status, detail: f.detail, needed: f.needed, ...(f.status === 'missing' ? { cost: render(f.cost, lang) } : {}) })),
      gradings,
      summary,
    };
    process.stdout.write(JSON.stringify(DoctorReportSchema.parse(report), null, 2) + '\n');
  }
  return ok ? 0 : 1;
}
