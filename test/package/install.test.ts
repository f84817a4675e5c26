// Slow but needed (~20-30 s): sockgrade installs like any npm tool. The tarball `npm pack` makes
// is installed in an empty folder without a registry, and there `npx sockgrade` grades with the
// built-in references, grades a Python submission through the shim, and a course's own exercise
// imports the public API (`sockgrade`, `sockgrade/reference`) and type-checks against it, and
// a Gradescope bundle made there runs with the sockgrade it carries (setup.sh's npm install done
// offline).
// Skipped, saying why, where npm cannot install offline (an empty npm cache).
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../harness/paths.js';
import { createTempFolders } from '../helpers/cli.js';
import { installOffline, packProject, run, writeCourseFolder } from '../helpers/install.js';
import { GradescopeResultsSpec } from '../report/platform-schemas.js';
import { gradeWithExample, LOGIN_LINES_DIR, statusOf } from '../helpers/own-exercise.js';

const folders = createTempFolders();
afterAll(folders.cleanup);
const root = folders.make('sockgrade-install-');
const course = join(root, 'course');
let tarball = '';
let unavailable: string | undefined;

beforeAll(async () => {
  tarball = await packProject(root);
  writeCourseFolder(course, tarball);
  unavailable = await installOffline(course);
  if (unavailable) console.warn(`skipping the installed-package tests: npm cannot install offline here (${unavailable}); run npm ci first to fill the cache`);
}, 60_000);

const installed = () => join(course, 'node_modules', 'sockgrade');
/** What sockgrade itself wrote on stderr (npm may add its own warnings around npx, depending on the machine's npm config). */
const sockgradeErrors = (stderr: string) => stderr.split('\n').filter((line) => !/^npm (warn|notice)/i.test(line) && line.trim() !== '').join('\n');
const npx = (args: readonly string[], cwd = course) => run('npx', ['--offline', '--no-install', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, timeoutMs: 90_000 });

describe.concurrent('an installed tarball (slow: packs and installs)', () => {
  it('holds the compiled references, the Python shim and the public API with types, and no tests', async ({ skip }) => {
    if (unavailable) skip(unavailable);
    for (const file of ['dist/reference/echo/server.js', 'harness/python/sitecustomize.py', 'dist/harness/api.js', 'dist/harness/api.d.ts', 'dist/bundle/cli.js', 'dist/bundle/api.js', 'dist/reference/lib/index.d.ts', 'schema/report.schema.json']) {
      expect(existsSync(join(installed(), file)), file).toBe(true);
    }
    expect(existsSync(join(installed(), 'dist', 'test'))).toBe(false);
  });

  it('npx sockgrade grades the references against each other', async ({ skip }) => {
    if (unavailable) skip(unavailable);
    const graded = await npx(['sockgrade', 'grade', 'echo', '--server', 'reference', '--client', 'reference', '--sandbox', 'off', '--json', 'ref.json', '-q']);
    expect(sockgradeErrors(graded.stderr)).toBe('');
    expect(graded.code).toBe(0);
    const report = JSON.parse(readFileSync(join(course, 'ref.json'), 'utf8')) as { score: number; maxScore: number; submission: { dir: string } };
    expect(report.score).toBe(report.maxScore);
  });

  it('npx sockgrade grades a Python submission with hard-coded addresses (the shim is found from node_modules)', async ({ skip }) => {
    if (unavailable) skip(unavailable);
    const submission = join(root, 'submission');
    cpSync(join(projectRoot, 'examples', 'echo-correct'), submission, { recursive: true });
    const graded = await npx(['sockgrade', 'grade', 'echo', '--sandbox', 'off', '--cwd', submission, '--json', join(root, 'python.json'), '-q']);
    expect(sockgradeErrors(graded.stderr)).toBe('');
    const report = JSON.parse(readFileSync(join(root, 'python.json'), 'utf8')) as { score: number; maxScore: number; redirections: string[] };
    expect(report.score).toBe(report.maxScore);
    expect(report.redirections.length).toBeGreaterThan(0);
    expect(graded.code).toBe(0);
  });

  it("a course's own exercise imports sockgrade from node_modules and grades: reference and right program full marks, a mutant fails its check", async ({ skip }) => {
    if (unavailable) skip(unavailable);
    const example = join(course, 'login-lines');
    cpSync(LOGIN_LINES_DIR, example, { recursive: true });
    const cli = join(installed(), 'dist', 'bundle', 'cli.js');
    const [reference, right, mutant] = await Promise.all([
      gradeWithExample(example, { reference: true }, join(root, 'll-ref.json'), { cli }),
      gradeWithExample(example, { learner: 'right' }, join(root, 'll-right.json'), { cli }),
      gradeWithExample(example, { learner: 'no-buffer-across-recv' }, join(root, 'll-mutant.json'), { cli }),
    ]);
    for (const graded of [reference, right]) {
      expect(graded.run.stderr).toBe('');
      expect(Object.values(statusOf(graded.report!))).toEqual(Array(5).fill('passed'));
    }
    expect(statusOf(mutant.report!)['server-line-in-pieces']).toBe('failed');
  });

  it("a course's own exercise type-checks against the installed declarations", async ({ skip }) => {
    if (unavailable) skip(unavailable);
    const example = join(course, 'typed');
    cpSync(LOGIN_LINES_DIR, example, { recursive: true });
    // A deliberate type error proves the check reads the declarations instead of seeing `any`.
    writeFileSync(join(example, 'wrong.mjs'), "// @ts-check\nimport { fail } from 'sockgrade';\nfail(42);\n");
    const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--allowJs', '--checkJs', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(projectRoot, 'node_modules', '@types'), '--skipLibCheck'];
    // One compiler run (each costs seconds): the example must be clean, the deliberate error found.
    const checked = await run(process.execPath, [tsc, ...args, 'exercise.mjs', 'checks.mjs', 'reference/server.mjs', 'wrong.mjs'], { cwd: example, timeoutMs: 90_000 });
    expect(checked.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^wrong\.mjs\(3,6\): error TS2345: Argument of type 'number'/)]);
  });

  it('a Gradescope bundle made by the installed sockgrade grades with the sockgrade it carries', async ({ skip }) => {
    if (unavailable) skip(unavailable);
    const assignment = join(course, 'assignment');
    cpSync(LOGIN_LINES_DIR, join(assignment, 'login-lines'), { recursive: true });
    cpSync(join(projectRoot, 'docs', 'examples', 'sockgrade.config.json'), join(assignment, 'sockgrade.config.json'));
    const made = await npx(['sockgrade', 'gradescope-bundle', '--config', 'sockgrade.config.json', '-o', 'autograder.zip'], assignment);
    expect(sockgradeErrors(made.stderr)).toBe('');
    expect(made.code).toBe(0);
    // Gradescope's layout; setup.sh's apt part cannot run here, its npm install runs offline.
    const ag = join(root, 'autograder');
    const source = join(ag, 'source');
    await run('python3', ['-c', 'import sys, zipfile, os\nz = zipfile.ZipFile(sys.argv[1])\nfor i in z.infolist(): os.chmod(z.extract(i, sys.argv[2]), (i.external_attr >> 16) & 0o7777)', join(assignment, 'autograder.zip'), source], { cwd: root });
    const bundled = (JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { dependencies: { sockgrade: string } }).dependencies.sockgrade.replace(/^file:/, '');
    writeCourseFolder(source, join(source, bundled));
    expect(await installOffline(source)).toBeUndefined();
    cpSync(join(LOGIN_LINES_DIR, 'learners', 'one-recv-one-line'), join(ag, 'submission'), { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env, AUTOGRADER_ROOT: ag, NO_COLOR: '1' };
    delete env.SOCKGRADE_CLI;
    const graded = await run('bash', [join(source, 'run_autograder')], { cwd: ag, env, timeoutMs: 90_000 });
    expect(graded.code).toBe(0);
    const results = GradescopeResultsSpec.parse(JSON.parse(readFileSync(join(ag, 'results', 'results.json'), 'utf8')));
    expect(results.tests!.filter((t) => t.status === 'failed').map((t) => (t.extra_data as { id: string }).id)).toContain('server-several-lines-at-once');
  });
});
