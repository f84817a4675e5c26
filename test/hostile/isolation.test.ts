// The sandbox: a submission sees only loopback, none of the grader's files, hidden fixtures or
// other submissions, and writes only inside its run folder. Each property is checked by a program
// that tries, with the unsandboxed run as the control that shows the probe can see a leak.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Program, TRUSTED } from '../../harness/process/program.js';
import { probeBwrap } from '../../harness/process/sandbox.js';
import { resolveInterpreter } from '../../harness/process/command.js';
import { projectRoot } from '../../harness/paths.js';
import { Transcript } from '../../harness/transcript.js';
import { GradeReportJsonSchema } from '../../harness/report/schema.js';
import { fixturesDir } from '../helpers/grade.js';
import { hostileDir, leftovers } from './helpers.js';
import { createTempFolders, runCli } from '../helpers/cli.js';

const bwrap = probeBwrap().ok;
const folders = createTempFolders();
const tmp = (prefix: string) => folders.make(prefix);
afterAll(folders.cleanup);

const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => runCli(args, { env, timeoutMs: 60_000 });

/** What the probe should not get at: the project, hidden fixtures, the original submission, another run's files. */
function secretTargets(): string[] {
  const other = tmp('sockgrade-other-');
  writeFileSync(join(other, 'secret.txt'), 'another learner');
  return [
    join(projectRoot, 'package.json'),
    join(projectRoot, 'graders'),
    join(projectRoot, 'test'),
    join(projectRoot, 'reference'),
    join(projectRoot, 'exercises', 'fixtures'),
    join(hostileDir, 'reads-outside.py'),
    join(other, 'secret.txt'),
  ];
}

/** A run folder holding the probe and the list of paths it tries. */
function probeFolder(targets = secretTargets()): string {
  const dir = tmp('sockgrade-');
  copyFileSync(join(hostileDir, 'reads-outside.py'), join(dir, 'reads-outside.py'));
  writeFileSync(join(dir, 'targets.txt'), targets.join('\n'));
  return dir;
}

/** Starts `command` in `cwd` as a learner's program (sandboxed) or as one of our own (the control). */
function startProbe(command: string, cwd: string, sandbox: boolean): Program {
  return Program.start({
    label: 'server',
    command,
    cwd,
    address: { host: '127.0.0.1', port: 0 },
    transcript: new Transcript(),
    python: { role: 'server', redirect: false },
    confinement: sandbox ? { kind: 'learner', limits: {}, sandbox: true } : TRUSTED,
  });
}

async function probe(sandbox: boolean, targets: string[]): Promise<string[]> {
  const program = startProbe('python3 reads-outside.py', probeFolder(targets), sandbox);
  try {
    expect(await program.stderr.waitFor((t) => t.includes('SUMMARY') && t.trimEnd().split('\n').length > 9, 10_000)).toBe(true);
    return program.stderr.text().split('\n').filter((l) => /^(LEAK|BLOCKED) /.test(l));
  } finally {
    await program.stop();
  }
}

const fileLines = (lines: string[]) => lines.filter((l) => !/network interfaces|connect to/.test(l));

describe.skipIf(!bwrap)('the filesystem sandbox', () => {
  it('the probe does see the files without the sandbox (the control)', async () => {
    const targets = secretTargets();
    const lines = await probe(false, targets);
    for (const target of targets) expect(lines.some((l) => l.startsWith(`LEAK ${target.endsWith('.json') || target.endsWith('.py') || target.endsWith('.txt') ? 'read' : 'list'} ${target}`))).toBe(true);
    rmSync('/tmp/hostile-was-here', { force: true });
    rmSync(join(tmpdir(), 'hostile-was-here'), { force: true });
  });

  it('hides the project, hidden fixtures, the submission, other runs, /root and password hashes; writes stay in the run folder', async () => {
    const targets = secretTargets();
    const lines = fileLines(await probe(true, targets));
    expect(lines.filter((l) => l.startsWith('LEAK'))).toEqual([]);
    for (const target of targets) expect(lines).toContain(`BLOCKED read ${target}: No such file or directory`);
    expect(lines.some((l) => l.startsWith('BLOCKED see other run folders'))).toBe(true);
    expect(lines).toContain('BLOCKED read /root/.bashrc: No such file or directory');
    expect(existsSync('/tmp/hostile-was-here')).toBe(false);
    expect(existsSync(join(tmpdir(), 'hostile-was-here'))).toBe(false);
    expect(leftovers('reads-outside.py')).toEqual([]);
  });
});

/** The effective capabilities of a program started as a learner's (sandboxed) or as our own. */
async function effectiveCapabilities(sandbox: boolean): Promise<string> {
  const read = "print([l for l in open('/proc/self/status') if l.startswith('CapEff')][0].split()[1])";
  const program = startProbe(`${resolveInterpreter(['python3'])[0]} -c "${read}"`, tmp('sockgrade-caps-'), sandbox);
  try {
    await program.settle(10_000);
    return program.stdout.text().trim();
  } finally {
    await program.stop();
  }
}

describe.skipIf(!bwrap || process.getuid?.() !== 0)('a grader running as root', () => {
  it("gives the learner's program none of root's capabilities (it could take loopback down for the next learner); our own programs keep them (the control)", async () => {
    expect(await effectiveCapabilities(false)).not.toBe('0000000000000000');
    expect(await effectiveCapabilities(true)).toBe('0000000000000000');
  });
});

describe.skipIf(!bwrap)('the sandbox from the command line', () => {
  it('--sandbox on: only loopback, no files outside, and the report says so', async () => {
    const dir = probeFolder();
    const out = join(tmp('sockgrade-test-'), 'out.json');
    const result = await run(['grade', 'echo', '--server', 'python3 reads-outside.py', '--cwd', dir, '--sandbox', 'on', '--json', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0); // it is a correct echo server once it has probed
    const report = GradeReportJsonSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.environment.sandbox).toBe('on');
    expect(report.environment.isolation).toEqual({ network: 'loopback-only', filesystem: 'private' });
    const stderr = report.checks[0]!.transcript.filter((e) => e.actor === 'server' && e.kind === 'stderr').map((e) => e.text).join('');
    expect(stderr).toMatch(/^"SUMMARY leaks=0 /);
    expect(leftovers('reads-outside.py')).toEqual([]);
  });

  describe('on a machine without bubblewrap', () => {
    // A PATH with python3 and nothing else: no bwrap (nor unshare, setpriv, prlimit).
    const bin = tmp('sockgrade-test-bin-');
    symlinkSync(resolveInterpreter(['python3'])[0]!, join(bin, 'python3'));
    const env = { ...process.env, PATH: bin };

    it('--sandbox on refuses with exit 2 and one line that says what is missing', async () => {
      const result = await run(['grade', 'echo', '--server', 'python3 server-good.py', '--cwd', fixturesDir('echo'), '--sandbox', 'on'], env);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/--sandbox on: this machine cannot isolate submissions: bubblewrap \(bwrap\) is not installed/);
    });

    it('--sandbox auto grades anyway and the report says nothing was isolated', async () => {
      const out = join(tmp('sockgrade-test-'), 'sub', 'out.json');
      mkdirSync(join(out, '..'), { recursive: true });
      const result = await run(['grade', 'echo', '--server', 'python3 server-good.py', '--cwd', fixturesDir('echo'), '--json', out], env);
      expect(result.code).toBe(0);
      const report = GradeReportJsonSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
      expect(report.environment.sandbox).toBe('off');
      expect(report.environment.sandboxNote).toMatch(/bubblewrap/);
    });
  });
});
