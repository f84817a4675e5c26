// The command line as users meet it: exit codes, one-line errors, and the JSON contract.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GradeReportJsonSchema } from '../../harness/report/schema.js';
import { fixturesDir } from '../helpers/grade.js';
import { createTempFolders, runCli } from '../helpers/cli.js';
import { projectRoot } from '../../harness/paths.js';

const hasCompiler = (() => {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const run = (args: string[], cwd?: string) => runCli(args, cwd ? { cwd } : {});
const folders = createTempFolders();
const tmp = () => folders.make();
const emptyDir = tmp();
afterAll(folders.cleanup);

describe.concurrent('usage errors exit 2 with one clear line and no stack trace', () => {
  it.each([
    ['an unknown exercise', ['grade', 'nope', '--server', 'python3 s.py'], /unknown exercise "nope"/],
    ['a missing folder', ['grade', 'echo', '--server', 'python3 s.py', '--cwd', '/no/such/dir'], /does not exist/],
    ['an empty command', ['grade', 'echo', '--server', '  '], /command is empty/],
    ['an unknown option', ['grade', 'echo', '--sever', 'x'], /Unknown option '--sever'/],
    ['an unknown command', ['grde'], /unknown command "grde"/],
    ['no exercise', ['grade', '--server', 'python3 s.py', '--cwd', '/tmp'], /which exercise/],
    ['a bad worker count', ['grade', 'echo', '--server', 'x', '--workers', 'many'], /--workers takes a whole number/],
    ['a bad build bound', ['grade', 'echo', '--server', 'x', '--build', 'make', '--build-timeout', 'soon'], /--build-timeout takes a duration/],
    ['an empty build command', ['grade', 'echo', '--server', 'x', '--build', ' '], /the --build command is empty/],
    ['a batch folder without submissions', ['batch', emptyDir], /no submissions/],
    ['gradescope results for a batch', ['batch', emptyDir, '--gradescope', 'r.json'], /use it with sockgrade grade/],
    ['pair mode with one program', ['grade', 'echo', '--server', 'python3 s.py', '--pair', '--cwd', '/tmp'], /--pair grades the learner's client against the learner's server: give both --server and --client/],
    ['pair mode for an exercise without a client', ['grade', 'web', '--server', 'python3 s.py', '--pair', '--cwd', '/tmp'], /exercise web has no client/],
  ])('%s', async (_name, args, pattern) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(pattern);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a broken sockgrade.json is named, not thrown', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'sockgrade.json'), '{"exercise": "echo", "sevrer": "x"}');
    const { code, stderr } = await run(['grade', 'echo', '--cwd', dir]);
    expect(code).toBe(2);
    expect(stderr).toContain('sockgrade.json is invalid');
  });
});

describe.concurrent('grading from the command line', () => {
  it('exits 0 and writes a schema-valid report when all checks pass', async () => {
    const out = join(tmp(), 'nested', 'out.json');
    const { code, stdout } = await run(['grade', 'echo', '--server', 'python3 server-good.py', '--cwd', fixturesDir('echo'), '--json', out]);
    expect(code).toBe(0);
    expect(stdout).toContain('score: 11/11');
    const report = GradeReportJsonSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.exercise).toBe('echo');
    expect(report.checks.every((c) => c.role === 'server' && c.status === 'passed')).toBe(true);
    expect(report.redirections).toEqual([expect.stringContaining("bind ('192.168.247.1', 12345)")]);
  });

  it('exits 1 when a check fails, and says why with a hint', async () => {
    const dir = tmp();
    const junit = join(dir, 'junit.xml');
    const gradescope = join(dir, 'results.json');
    const { code, stdout } = await run(['grade', 'echo', '--client', 'python3 client-single-recv.py', '--cwd', fixturesDir('echo'), '--junit', junit, '--gradescope', gradescope]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/:\( prints the whole echo/);
    expect(stdout).toContain('hint: ');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testcase classname="echo.client" name="client-collects-split-echo"[^>]*>\s*<properties>.*<\/properties>\s*<failure message=/s);
    const gs = JSON.parse(readFileSync(gradescope, 'utf8')) as { score: number; tests: { max_score: number; score: number }[] };
    expect(gs.score).toBe(5);
    expect(gs.tests.reduce((s, t) => s + t.max_score, 0)).toBe(6);
  });

  it('a program that cannot start still gets a full report', async () => {
    const out = join(tmp(), 'out.json');
    const { code, stdout } = await run(['grade', 'echo', '--server', 'python3 missing.py', '--cwd', fixturesDir('echo'), '--json', out]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/can't open file|No such file/);
    const report = GradeReportJsonSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.checks.find((c) => c.id === 'server-starts')?.status).toBe('failed');
    expect(report.checks.filter((c) => c.status === 'skipped').length).toBe(report.checks.length - 1);
  });

  it('batch grades every submission folder and summarises', async () => {
    const root = tmp();
    for (const [name, script] of [['good', 'server-good.py'], ['bad', 'server-no-empty-check.py']] as const) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'server.py'), readFileSync(join(fixturesDir('echo'), script)));
      writeFileSync(join(root, name, 'sockgrade.json'), JSON.stringify({ exercise: 'echo', server: 'python3 server.py' }));
    }
    const { code, stdout } = await run(['batch', root, '--out', join(root, 'reports'), '-q']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/good\s+11\/11\s+all checks passed/);
    expect(stdout).toMatch(/bad\s+\d+\/11\s+lost points on: .*empty-recv/);
    // --out holds reports/<learner>.json (the batch JSON form: one report per exercise) and gradebook.csv.
    const saved = JSON.parse(readFileSync(join(root, 'reports', 'reports', 'good.json'), 'utf8')) as { reports: unknown[] };
    expect(saved.reports.map((r) => GradeReportJsonSchema.parse(r).score)).toEqual([11]);
    expect(readFileSync(join(root, 'reports', 'gradebook.csv'), 'utf8')).toMatch(/^learner,echo,total,max,status\r\nbad,\d+,\d+,11,ok\r\ngood,11,11,11,ok\r\n$/);
  });

  it('batch --json writes every report in one file', async () => {
    const root = tmp();
    mkdirSync(join(root, 'good'));
    writeFileSync(join(root, 'good', 'server.py'), readFileSync(join(fixturesDir('echo'), 'server-good.py')));
    writeFileSync(join(root, 'good', 'sockgrade.json'), JSON.stringify({ exercise: 'echo', server: 'python3 server.py' }));
    const out = join(root, 'all.json');
    const { code } = await run(['batch', root, '--json', out, '-q']);
    expect(code).toBe(0);
    const data = JSON.parse(readFileSync(out, 'utf8')) as { version: number; reports: unknown[] };
    expect(data.version).toBe(1);
    expect(data.reports.map((r) => GradeReportJsonSchema.parse(r).score)).toEqual([11]);
  });

  it('a report file that cannot be written loses no other output, is named, and exits 2', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'server.py'), readFileSync(join(fixturesDir('echo'), 'server-good.py')));
    const json = join(dir, 'out.json');
    // A folder that cannot be made: its parent is a file.
    const unwritable = join(dir, 'server.py', 'junit.xml');
    const { code, stdout, stderr } = await run(['grade', 'echo', '--server', 'python3 server.py', '--cwd', dir, '--junit', unwritable, '--json', json]);
    expect(code).toBe(2);
    expect(stderr).toContain(`could not write the junit report (${unwritable}): ENOTDIR`);
    expect(GradeReportJsonSchema.parse(JSON.parse(readFileSync(json, 'utf8'))).score).toBe(GradeReportJsonSchema.parse(JSON.parse(readFileSync(json, 'utf8'))).maxScore);
    expect(stdout).toContain('score:');
  });

  it('one run writes every format at once, and a saved JSON re-renders to the same files', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'server.py'), readFileSync(join(fixturesDir('echo'), 'server-single-recv.py')));
    const out = (name: string) => join(dir, 'out', name);
    const formats = `terminal,json:${out('r.json')},junit:${out('j.xml')},gradescope:${out('g.json')},prairielearn:${out('p.json')},github:${out('summary.md')}`;
    const { code, stdout } = await run(['grade', 'echo', '--server', 'python3 server.py', '--cwd', dir, '--format', formats, '--timeout', '2s']);
    expect(code).toBe(1);
    expect(stdout).toContain(':( echoes a message that arrives one byte at a time');
    expect(stdout).toMatch(/^::error title=echo server\/server-echoes-byte-pieces/m);
    const report = GradeReportJsonSchema.parse(JSON.parse(readFileSync(out('r.json'), 'utf8')));
    expect(JSON.parse(readFileSync(out('g.json'), 'utf8')).score).toBe(report.score);
    expect(JSON.parse(readFileSync(out('p.json'), 'utf8')).score).toBeCloseTo(report.score / report.maxScore);
    expect(readFileSync(out('summary.md'), 'utf8')).toContain(`${report.score}/${report.maxScore}`);
    const again = await run(['report', out('r.json'), '--format', `junit:${out('j2.xml')},gradescope:${out('g2.json')}`]);
    expect(again.code).toBe(1);
    expect(readFileSync(out('j2.xml'), 'utf8')).toBe(readFileSync(out('j.xml'), 'utf8'));
    expect(readFileSync(out('g2.json'), 'utf8')).toBe(readFileSync(out('g.json'), 'utf8'));
  });

  it.skipIf(!hasCompiler)(`a sockgrade.json with "build" builds once, before the checks${hasCompiler ? '' : ' (skipped: no C compiler, cc)'}`, async () => {
    const dir = tmp();
    copyFileSync(join(projectRoot, 'test', 'fixtures', 'echo-any-language', 'server.c'), join(dir, 'server.c'));
    writeFileSync(join(dir, 'sockgrade.json'), JSON.stringify({ exercise: 'echo', build: 'cc -O1 -o server server.c', server: './server {port}' }));
    const out = join(tmp(), 'out.json');
    const { code, stdout } = await run(['grade', '--cwd', dir, '--json', out, '--build-timeout', '2m']);
    expect(stdout).toContain('build: cc -O1 -o server server.c');
    expect(code).toBe(0);
    const report = GradeReportJsonSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.submission.build).toBe('cc -O1 -o server server.c');
    expect(report.checks.map((c) => c.id)[0]).toBe('builds');
    expect(report.score).toBe(11);
  });

  it('list names every check with its tags', async () => {
    const { code, stdout } = await run(['list', '--json']);
    expect(code).toBe(0);
    const data = JSON.parse(stdout) as { id: string; checks: { id: string; tags: string[] }[] }[];
    expect(data.find((e) => e.id === 'echo')?.checks.length).toBeGreaterThan(5);
  });
});
