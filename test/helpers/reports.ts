// Small hand-made reports for reporter tests that need no grading.
import type { CheckResult, GradeReport } from '../../harness/results/schema.js';

export function makeCheck(overrides: Partial<CheckResult>): CheckResult {
  return { id: 'server-echoes', role: 'server', title: 'echoes a line', tags: ['basic'], status: 'passed', score: 1, maxScore: 1, message: 'passed', hint: 'Loop until recv() returns b"".', durationMs: 5, notes: [], redirections: [], transcript: [], ...overrides };
}

export function makeReport(checks: CheckResult[], dir = '/subs/alice'): GradeReport {
  return {
    exercise: 'echo', title: 'Echo server and client', score: checks.reduce((s, c) => s + c.score, 0), maxScore: checks.reduce((s, c) => s + c.maxScore, 0), durationMs: 1200, startedAt: '2026-12-01T00:00:00.000Z',
    submission: { dir, commands: { server: 'python3 server.py' } },
    environment: { containment: 'process-group', redirect: true, workers: 2, platform: 'linux-x64', node: 'v20', sandbox: 'off', isolation: { network: 'host', filesystem: 'host' }, limits: { cpuSeconds: 10, memoryBytes: 1, fileSizeBytes: 1, openFiles: 1, processes: 1, outputBytes: 1, checkMs: 1 }, memoryLimit: 'none' },
    redirections: [], checks,
  };
}
