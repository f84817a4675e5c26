import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../harness/paths.js';
import { gradeFixture } from '../helpers/grade.js';

describe('port races', () => {
  it('a program that loses its port to another process is restarted on a new port', async () => {
    const report = await gradeFixture('echo', { server: 'python3 loses-port-race.py {port}' }, { dir: join(projectRoot, 'test/fixtures/harness') });
    expect(report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    const starts = report.checks.find((c) => c.id === 'server-starts')!;
    expect(starts.transcript.some((e) => e.text.includes('retrying on another port'))).toBe(true);
  });
});
