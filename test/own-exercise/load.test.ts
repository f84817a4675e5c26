// loadExerciseModules: a course's module either gives its exercises or a one-line error naming it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ExerciseModuleError, loadExerciseModules } from '../../harness/course/exercise-modules.js';
import { projectRoot } from '../../harness/paths.js';
import { createTempFolders, runCli } from '../helpers/cli.js';
import { LOGIN_LINES_DIR } from '../helpers/own-exercise.js';

const folders = createTempFolders();
const dir = folders.make();
afterAll(folders.cleanup);

/** The built public API, as a course's module would import it (by URL here: the folder is outside any node_modules). */
const API = pathToFileURL(join(projectRoot, 'dist', 'harness', 'api.js')).href;
mkdirSync(join(dir, 'ref'));
writeFileSync(join(dir, 'ref', 'server.mjs'), '');

function exerciseSource(id: string, reference: string): string {
  return `import { defineExercise, serverStartsCheck } from '${API}';
export default defineExercise({ id: '${id}', title: 'T', source: { seed: 'course', section: 's' }, protocol: 'tcp',
  roles: { server: { defaultCommand: 'python3 server.py', reference: ${reference} } }, summary: 'S', checks: [serverStartsCheck()] });\n`;
}

function module(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

describe('loadExerciseModules', () => {
  it('loads the worked example, with its reference resolved next to the module', async () => {
    const [exercise, ...rest] = await loadExerciseModules(['exercise.mjs'], LOGIN_LINES_DIR);
    expect(rest).toEqual([]);
    expect(exercise!.id).toBe('login-lines');
    expect(exercise!.roles.server!.reference).toEqual({ file: join(LOGIN_LINES_DIR, 'reference', 'server.mjs') });
  });

  it('loading and registering a module again in one process changes nothing', async () => {
    const { registerExercises, exercises } = await import('../../exercises/index.js');
    const first = await loadExerciseModules(['exercise.mjs'], LOGIN_LINES_DIR);
    registerExercises(first);
    const count = (await import('../../exercises/index.js')).exercises.length;
    const again = await loadExerciseModules(['exercise.mjs'], LOGIN_LINES_DIR);
    expect(again).toEqual(first);
    registerExercises(again);
    expect((await import('../../exercises/index.js')).exercises.length).toBe(count);
    expect(count).toBe(exercises.length + 1);
  });

  it('takes an array exported as exercises', async () => {
    const a = module('a.mjs', exerciseSource('own-a', "{ file: new URL('./ref/server.mjs', import.meta.url) }").replace('export default', 'const a =') + 'export const exercises = [a];\n');
    expect((await loadExerciseModules([a], dir)).map((e) => e.id)).toEqual(['own-a']);
  });

  it.each([
    ['a missing module', () => 'nope.mjs', /exercise module nope\.mjs not found/],
    ['a syntax error', () => module('syntax.mjs', 'export default {\n'), /syntax\.mjs failed to load/],
    ['sockgrade not installed where the module is', () => module('bare.mjs', "import { defineExercise } from 'sockgrade';\nexport default defineExercise;\n"), /bare\.mjs failed to load: .*Cannot find package 'sockgrade'.*\(install sockgrade where the module can import it: npm install sockgrade in /],
    ['no exercise exported', () => module('none.mjs', 'export const x = 1;\n'), /none\.mjs exports no exercise/],
    ['a plain object', () => module('plain.mjs', 'export default { id: "x" };\n'), /plain\.mjs: its default export is an object not made by defineExercise/],
    ['an invalid spec', () => module('invalid.mjs', exerciseSource('Bad Id', "{ file: new URL('./ref/server.mjs', import.meta.url) }")), /invalid\.mjs failed to load: ExerciseDefinitionError: exercise spec "Bad Id" is invalid/],
    ['a relative reference path', () => module('relative.mjs', exerciseSource('own-rel', "{ file: './ref/server.mjs' }")), /relative\.mjs failed to load.*not an absolute path or file: URL/],
    ['a missing reference file', () => module('gone.mjs', exerciseSource('own-gone', "{ file: new URL('./ref/gone.mjs', import.meta.url) }")), /gone\.mjs: exercise own-gone's reference server .*gone\.mjs does not exist/],
    ['a missing fixture', () => module('fixture.mjs', exerciseSource('own-fix', "{ file: new URL('./ref/server.mjs', import.meta.url) }").replace("summary: 'S',", "summary: 'S', fixtures: ['gone.txt'], fixturesDir: new URL('./ref/', import.meta.url),")), /fixture\.mjs: exercise own-fix's fixture gone\.txt is not in .*ref/],
    ['fixtures without their folder', () => module('nodir.mjs', exerciseSource('own-nodir', "{ file: new URL('./ref/server.mjs', import.meta.url) }").replace("summary: 'S',", "summary: 'S', fixtures: ['server.mjs'],")), /nodir\.mjs: exercise own-nodir lists fixtures but no fixturesDir/],
    ['a built-in id', () => module('echo.mjs', exerciseSource('echo', "{ file: new URL('./ref/server.mjs', import.meta.url) }")), /echo\.mjs: the exercise id echo is already taken/],
  ])('%s is an error naming the file', async (_name, make, pattern) => {
    const error = await loadExerciseModules([make()], dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExerciseModuleError);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).not.toContain('\n');
  });

  it('two modules with one id: the second is named with the first', async () => {
    const one = module('one.mjs', exerciseSource('own-twice', "{ file: new URL('./ref/server.mjs', import.meta.url) }"));
    const two = module('two.mjs', exerciseSource('own-twice', "{ file: new URL('./ref/server.mjs', import.meta.url) }"));
    await expect(loadExerciseModules([one, two], dir)).rejects.toThrow(/two\.mjs: exercise id own-twice is also defined in .*one\.mjs/);
  });

  it('a check failure thrown by another copy of sockgrade is still a failure, not our error', async () => {
    const { CheckFailure: Foreign } = (await import(API)) as typeof import('../../harness/api.js');
    const { isCheckFailure, CheckFailure } = await import('../../harness/check/failure.js');
    expect(Foreign).not.toBe(CheckFailure);
    expect(isCheckFailure(new Foreign('no echo'))).toBe(true);
    expect(isCheckFailure(new Error('no echo'))).toBe(false);
  });

  it('the CLI says it in one line and exits 2', async () => {
    const { code, stderr } = await runCli(['list', '--exercises-from', module('cli.mjs', 'export default 42;\n')], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/^sockgrade: .*cli\.mjs: its default export is a number/);
  });
});
