// `sockgrade gradescope-bundle --config FILE -o autograder.zip`: everything Gradescope needs to
// grade an assignment with sockgrade, in the zip it asks for: setup.sh, run_autograder, the
// assignment config, the course's own exercise folders, and sockgrade itself as an npm tarball
// (so no registry is needed for sockgrade, and the version graded is the one the instructor tried).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { projectRoot } from '../paths.js';
import { createZip, type ZipEntry } from '../util/zip.js';
import { runAutograderScript, setupScript, type GradeArg } from './gradescope-scripts.js';
import { writeFileAtomically } from './outputs.js';
import { USAGE, UsageError } from './usage.js';

/** The config's name inside the bundle, next to the exercise folders whose paths it gives. */
export const BUNDLED_CONFIG = 'sockgrade.config.json';

const LIMIT_FLAGS = ['cpu', 'memory', 'processes', 'output', 'file-size', 'open-files', 'timeout', 'check-timeout', 'build-timeout'] as const;
const LimitsSchema = z.partialRecord(z.enum(LIMIT_FLAGS), z.union([z.string(), z.number()]).transform(String));

/**
 * The fields of sockgrade.config.json a bundle relies on; others are carried in the bundle
 * untouched. The config's full schema and meaning are the assignment config's (docs/course.md).
 */
const ExerciseEntrySchema = z.object({
  id: z.string().min(1),
  folder: z.string().min(1).refine((p) => !isAbsolute(p) && !p.split(/[\\/]/).includes('..'), 'must be a path inside the submission (relative, without "..")').optional(),
  server: z.string().trim().min(1).optional(),
  client: z.string().trim().min(1).optional(),
  build: z.string().trim().min(1).optional(),
  limits: LimitsSchema.optional(),
});

type ExerciseEntry = z.infer<typeof ExerciseEntrySchema>;

const BundleConfigSchema = z.object({
  exerciseModules: z.array(z.string().min(1)).optional(),
  visibility: z.record(z.string().min(1), z.string().min(1)).optional(),
  limits: LimitsSchema.optional(),
  sandbox: z.enum(['auto', 'on', 'off']).optional(),
  exercises: z
    .array(z.union([z.string().min(1).transform((id): ExerciseEntry => ({ id })), ExerciseEntrySchema]))
    .min(1, 'an assignment needs at least one exercise'),
});

type BundleConfig = z.infer<typeof BundleConfigSchema>;

function readBundleConfig(file: string): { config: BundleConfig; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot be read (${(error as Error).message})`}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = BundleConfigSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${file}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  return { config: parsed.data, text };
}

/**
 * The sockgrade command run_autograder runs, from the bundle's folder (where the config's relative
 * paths hold): the whole assignment config (every exercise, points, visibility, due date, limits,
 * language, the course's own exercises), one learner's submission, one results.json.
 */
export function gradeArgsFor(): GradeArg[] {
  return ['grade', '--config', BUNDLED_CONFIG, '--cwd', { inSubmission: '.' }];
}

const SKIPPED = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv']);

/** Every file under `dir` (skipping caches and VCS data, and `exclude`), as zip entries named from `base`. */
function folderEntries(dir: string, base: string, exclude: string): ZipEntry[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (SKIPPED.has(name) || path === exclude) return [];
    const stat = statSync(path);
    const entryName = relative(base, path).split(sep).join('/');
    if (stat.isDirectory()) return folderEntries(path, base, exclude);
    return stat.isFile() ? [{ name: entryName, data: readFileSync(path), mode: stat.mode & 0o111 ? 0o755 : 0o644 }] : [];
  });
}

/**
 * The folders of the course's own exercise modules, relative to the config's folder. Each module
 * is bundled with its whole folder (its checks, reference and fixtures are usually beside it).
 */
function moduleFolders(configFile: string, modules: readonly string[]): string[] {
  const base = dirname(configFile);
  const folders = new Set<string>();
  for (const module of modules) {
    const full = resolve(base, module);
    const inside = relative(base, full);
    if (isAbsolute(module) || inside.startsWith('..')) throw new UsageError(`${configFile}: exerciseModules: ${module} is outside the config's folder; a bundle carries the config's folder only`);
    if (!existsSync(full)) throw new UsageError(`${configFile}: exerciseModules: ${module} does not exist`);
    if (dirname(full) === base) throw new UsageError(`${configFile}: exerciseModules: put ${module} in a folder of its own (with its checks and reference), so the bundle takes that folder and not the whole course`);
    folders.add(dirname(full));
  }
  return [...folders];
}

function run(file: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(file, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 127) : 0, stdout, stderr: stderr || (error?.message ?? '') });
    });
  });
}

/** sockgrade as `npm pack` makes it (from this installation, built as it is: no prepare script). */
async function packSockgrade(): Promise<{ name: string; data: Buffer }> {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-pack-'));
  try {
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], projectRoot);
    if (packed.code === 127) throw new UsageError('npm is needed to pack sockgrade into the bundle, and was not found');
    if (packed.code !== 0) throw new UsageError(`npm pack of ${projectRoot} failed: ${packed.stderr.trim().split('\n').pop()}`);
    const [info] = JSON.parse(packed.stdout) as [{ filename: string }];
    const name = basename(info.filename);
    return { name, data: readFileSync(join(dir, name)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bundle's entries, in a stable order. */
export async function createBundle(configFile: string, output: string): Promise<ZipEntry[]> {
  const { config, text } = readBundleConfig(configFile);
  const folders = moduleFolders(configFile, config.exerciseModules ?? []);
  // The whole config as grading reads it, so that a mistake shows now, not on Gradescope.
  await (await import('../course/assignment.js')).loadAssignment(configFile);
  const tarball = await packSockgrade();
  const manifest = { private: true, type: 'module', description: 'Gradescope autograder made by sockgrade gradescope-bundle', dependencies: { sockgrade: `file:./${tarball.name}` } };
  const base = dirname(configFile);
  const entries: ZipEntry[] = [
    { name: 'setup.sh', data: Buffer.from(setupScript(tarball.name)), mode: 0o755 },
    { name: 'run_autograder', data: Buffer.from(runAutograderScript(gradeArgsFor())), mode: 0o755 },
    { name: BUNDLED_CONFIG, data: Buffer.from(text) },
    { name: 'package.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: tarball.name, data: tarball.data },
    ...folders.flatMap((folder) => folderEntries(folder, base, resolve(output))),
  ];
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function commandGradescopeBundle(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { config: { type: 'string' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length) throw new UsageError(`gradescope-bundle takes no ${positionals.join(' ')}; e.g. sockgrade gradescope-bundle --config sockgrade.config.json -o autograder.zip`);
  if (!values.config) throw new UsageError('which assignment? e.g. sockgrade gradescope-bundle --config sockgrade.config.json -o autograder.zip');
  const output = values.output ?? 'autograder.zip';
  const entries = await createBundle(resolve(values.config), output);
  const zip = createZip(entries);
  try {
    writeFileAtomically(output, zip);
  } catch (error) {
    throw new UsageError(`could not write ${output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  process.stdout.write(`wrote ${output} (${entries.length} files, ${(zip.length / 1024).toFixed(0)} KiB): upload it as the assignment's autograder on Gradescope (Configure Autograder → Zip file upload)\n`);
  return 0;
}
