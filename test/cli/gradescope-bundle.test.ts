// `sockgrade gradescope-bundle`: the zip is unpacked as Gradescope lays out /autograder (source/,
// submission/, results/) in a temporary folder, run_autograder runs there (its paths moved by
// the environment, so no root is needed) on a right and a buggy submission, and results.json
// must meet Gradescope's specification. setup.sh installs packages, so it is only syntax-checked
// here (bash -n, and shellcheck where installed).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../harness/paths.js';
import { GradescopeResultsSpec } from '../report/platform-schemas.js';
import { createTempFolders, runCli } from '../helpers/cli.js';
import { run } from '../helpers/install.js';
import { LOGIN_LINES_DIR } from '../helpers/own-exercise.js';

const folders = createTempFolders();
afterAll(folders.cleanup);
const work = folders.make('sockgrade-bundle-');
const zip = join(work, 'autograder.zip');
const CONFIG = join(projectRoot, 'docs', 'examples', 'sockgrade.config.json');

const hasShellcheck = (() => {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Unpacks the bundle with Python's zipfile (another implementation than ours), keeping Unix modes, into ROOT/source. */
function unpack(root: string): string {
  const source = join(root, 'source');
  execFileSync('python3', ['-c', `
import os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for info in z.infolist():
    path = z.extract(info, sys.argv[2])
    os.chmod(path, (info.external_attr >> 16) & 0o7777)
`, zip, source]);
  // What setup.sh's `npm install ./sockgrade-*.tgz` makes, without a registry: sockgrade in
  // source/node_modules (the installed tarball itself is test/package/install.test.ts's part).
  mkdirSync(join(source, 'node_modules'));
  symlinkSync(projectRoot, join(source, 'node_modules', 'sockgrade'));
  return source;
}

/** A fresh /autograder with the bundle in source/ and `learner`'s files in submission/. */
function autograderWith(learner: string | undefined): string {
  const root = folders.make('autograder-');
  unpack(root);
  mkdirSync(join(root, 'submission'));
  mkdirSync(join(root, 'results'));
  if (learner) cpSync(join(LOGIN_LINES_DIR, 'learners', learner), join(root, 'submission'), { recursive: true });
  return root;
}

async function runAutograder(root: string, env: NodeJS.ProcessEnv = {}) {
  const ran = await run('bash', [join(root, 'source', 'run_autograder')], { cwd: root, env: { ...process.env, AUTOGRADER_ROOT: root, NO_COLOR: '1', ...env }, timeoutMs: 120_000 });
  const results = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as unknown;
  const spec = GradescopeResultsSpec.safeParse(results);
  expect(spec.error?.issues).toBeUndefined();
  return { ran, results: spec.data! };
}

beforeAll(async () => {
  const made = await runCli(['gradescope-bundle', '--config', CONFIG, '-o', zip]);
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
  expect(made.stdout).toMatch(/^wrote .*autograder\.zip \(\d+ files/);
}, 60_000);

describe.concurrent('gradescope-bundle', () => {
  it('holds setup.sh and run_autograder (executable) at its root, the config, the exercise folder and the tarball', () => {
    const source = unpack(folders.make());
    for (const file of ['setup.sh', 'run_autograder']) expect(existsSync(join(source, file)) && (execFileSync('stat', ['-c', '%a', join(source, file)], { encoding: 'utf8' }).trim())).toBe('755');
    expect(JSON.parse(readFileSync(join(source, 'sockgrade.config.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(CONFIG, 'utf8')));
    expect(existsSync(join(source, 'login-lines', 'exercise.mjs'))).toBe(true);
    expect(existsSync(join(source, 'login-lines', 'reference', 'server.mjs'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { dependencies: { sockgrade: string } };
    expect(existsSync(join(source, manifest.dependencies.sockgrade.replace(/^file:/, '')))).toBe(true);
    expect(readFileSync(join(source, 'setup.sh'), 'utf8')).toContain(`npm install --omit=dev --no-audit --no-fund ${manifest.dependencies.sockgrade.replace(/^file:/, '')}`);
  });

  it('its scripts are valid shell', async ({ annotate }) => {
    const source = unpack(folders.make());
    for (const file of ['setup.sh', 'run_autograder']) {
      const checked = await run('bash', ['-n', join(source, file)], { cwd: source });
      expect(checked.stderr).toBe('');
      expect(checked.code).toBe(0);
    }
    if (!hasShellcheck) {
      await annotate('shellcheck is not installed: setup.sh and run_autograder were checked with bash -n only');
      return;
    }
    const linted = await run('shellcheck', [join(source, 'setup.sh'), join(source, 'run_autograder')], { cwd: source });
    expect(linted.stdout).toBe('');
  });

  it('grades a right submission: full marks, visibility from the config', async () => {
    const { results } = await runAutograder(autograderWith('right'));
    expect(results.score).toBe(9);
    expect(results.tests!.every((t) => t.status === 'passed')).toBe(true);
    expect(results.tests!.find((t) => (t.extra_data as { id: string }).id === 'server-client-leaves')!.visibility).toBe('after_due_date');
  });

  it('grades a buggy submission: the check of its bug fails with its message', async () => {
    const { results } = await runAutograder(autograderWith('no-buffer-across-recv'));
    const failed = results.tests!.filter((t) => t.status === 'failed').map((t) => (t.extra_data as { id: string }).id);
    expect(failed).toEqual(['server-line-in-pieces']);
    expect(results.score).toBe(7);
    expect(results.tests!.find((t) => t.status === 'failed')!.output).toMatch(/in pieces; the server answered/);
  });

  it('still writes results.json, saying why, when sockgrade cannot grade', async () => {
    const root = autograderWith(undefined);
    const { results } = await runAutograder(root, { AUTOGRADER_SUBMISSION: join(root, 'no-such-folder') });
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/^This submission could not be graded: the folder .*no-such-folder does not exist$/);
  });

  it.each([
    ['a missing config', ['--config', '/no/such/config.json'], /\/no\/such\/config\.json: no such file/],
    ['no config', [], /which assignment\?/],
  ])('%s is a one-line error', async (_name, args, pattern) => {
    const { code, stderr } = await runCli(['gradescope-bundle', ...args, '-o', join(work, 'x.zip')]);
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(pattern);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a module outside its own folder is refused, naming the config', async () => {
    const dir = folders.make();
    writeFileSync(join(dir, 'exercise.mjs'), 'export default 1;\n');
    writeFileSync(join(dir, 'sockgrade.config.json'), JSON.stringify({ exerciseModules: ['exercise.mjs'], exercises: ['echo'] }));
    const { code, stderr } = await runCli(['gradescope-bundle', '--config', join(dir, 'sockgrade.config.json'), '-o', join(dir, 'a.zip')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/sockgrade\.config\.json: exerciseModules: put exercise\.mjs in a folder of its own/);
  });
});
