// Nothing a submission prints or writes changes its grade: fake report lines and escape codes,
// perfect reports written into its folder and over the very files the CLI writes.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GradeReportJsonSchema } from '../../harness/report/schema.js';
import { hasProcFs } from '../../harness/process/proc.js';
import { hostileDir, leftovers } from './helpers.js';
import { runCli } from '../helpers/cli.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[]) => runCli(args, { timeoutMs: 60_000 });

describe.skipIf(!hasProcFs)('a submission that forges its results', () => {
  for (const sandbox of ['auto', 'off'] as const) {
    it(`keeps the score its behaviour earns (sandbox ${sandbox})`, async () => {
      const root = mkdtempSync(join(tmpdir(), 'sockgrade-test-forge-'));
      made.push(root);
      const sub = join(root, 'submission');
      const reports = join(root, 'reports');
      mkdirSync(sub);
      mkdirSync(reports);
      copyFileSync(join(hostileDir, 'fake-results.py'), join(sub, 'fake-results.py'));
      const json = join(reports, 'out.json');
      const gradescope = join(reports, 'results.json');
      const junit = join(reports, 'junit.xml');
      // The worst case: it knows exactly where the reports go, and they already exist.
      writeFileSync(join(sub, 'targets.txt'), [json, gradescope, junit, join(sub, 'results.json')].join('\n'));
      const { code, stdout } = await run(['grade', 'echo', '--server', 'python3 fake-results.py', '--cwd', sub, '--sandbox', sandbox, '--timeout', '500',
        '--json', json, '--gradescope', gradescope, '--junit', junit]);

      expect(code).toBe(1);
      const report = GradeReportJsonSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
      // It starts and listens (1 point) and echoes nothing: every echo check fails.
      expect(report.checks.find((c) => c.id === 'server-starts')?.status).toBe('passed');
      expect(report.checks.filter((c) => c.id !== 'server-starts').every((c) => c.status === 'failed' || c.status === 'skipped')).toBe(true);
      expect(report.score).toBe(1);
      const gs = JSON.parse(readFileSync(gradescope, 'utf8')) as { score: number };
      expect(gs.score).toBe(1);
      expect(readFileSync(junit, 'utf8')).toMatch(/<testsuite /);
      expect(stdout).toMatch(/^score: 1\/11 /m);
      expect(stdout).not.toContain('\u001b'); // its escape codes are shown, not obeyed
      // Its write into the folder it came from is blocked exactly when the run says its
      // filesystem was private (bubblewrap present, sandbox not off); otherwise it lands there, and
      // the reports above are still the ones its behaviour earned.
      const isolated = report.environment.isolation?.filesystem === 'private';
      if (sandbox === 'off') expect(isolated).toBe(false);
      expect(existsSync(join(sub, 'results.json'))).toBe(!isolated);
      expect(existsSync(join(sub, 'report.json'))).toBe(false);
      expect(leftovers('fake-results.py')).toEqual([]);
    });
  }
});
