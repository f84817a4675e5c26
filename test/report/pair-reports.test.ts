// Pair mode end to end: two echo programs that share a bug (each takes one recv() for the whole
// message) graded in pair mode. They work together unfaulted and fail the sliced scenario, and
// every report keeps the pair checks apart (role `pair`), with the fault in the transcript where
// the proxy applied it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { validateXML } from 'xmllint-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../harness/paths.js';
import type { GradeReport } from '../../harness/results/schema.js';
import { createJsonReport } from '../../harness/report/json.js';
import { createGradescopeResults } from '../../harness/report/gradescope.js';
import { formatJunitReport } from '../../harness/report/junit.js';
import { formatTerminalReport } from '../../harness/report/terminal.js';
import { ALL_VISIBLE } from '../../harness/report/reporter.js';
import { findLeftoverProcesses, gradeFixture } from '../helpers/grade.js';

let report: GradeReport;

beforeAll(async () => {
  report = await gradeFixture('echo', { server: 'python3 server-single-recv.py', client: 'python3 client-single-recv.py' }, { pair: true, only: ['pair-clean', 'pair-sliced'] });
}, 90_000);

describe('a shared-bug pair in pair mode', () => {
  it('works together unfaulted and fails the sliced scenario, with the server\'s half echo named', () => {
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId['pair-clean']!.status).toBe('passed');
    const sliced = byId['pair-sliced']!;
    expect(sliced.status).toBe('failed');
    expect(sliced.role).toBe('pair');
    expect(sliced.tags).toEqual(['pair', 'sliced']);
    expect(sliced.message).toContain('the server sent "Hello," to the client');
    expect(findLeftoverProcesses()).toEqual([]);
  });

  it('the transcript shows both legs and the fault where it was applied: between the two halves', () => {
    const events = report.checks.find((c) => c.id === 'pair-sliced')!.transcript;
    const index = (test: (e: (typeof events)[number]) => boolean) => events.findIndex(test);
    const firstHalf = index((e) => e.actor === 'proxy→server' && e.kind === 'send' && e.text === '"Hello,"');
    const fault = index((e) => e.kind === 'fault' && e.text.startsWith('sliced at byte 6 of client → server'));
    const clientSent = index((e) => e.actor === 'client' && e.kind === 'send' && e.text === '"Hello, world"');
    expect(clientSent).toBeGreaterThanOrEqual(0);
    expect(firstHalf).toBeGreaterThan(clientSent);
    expect(fault).toBe(firstHalf + 1);
  });

  it('every report keeps the pair checks apart', async () => {
    const schema = JSON.parse(readFileSync(join(projectRoot, 'schema', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(JSON.parse(JSON.stringify(createJsonReport(report)))), JSON.stringify(validate.errors)).toBe(true);

    const xml = formatJunitReport([report]);
    const xsd = readFileSync(join(projectRoot, 'test', 'report', 'junit.xsd'), 'utf8');
    const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [xsd] });
    expect(result.errors).toEqual([]);
    expect(xml).toContain('<testsuite name="echo.pair"');
    expect(xml).toContain('<testcase classname="echo.pair" name="pair-sliced"');

    const gradescope = createGradescopeResults(report, ALL_VISIBLE);
    const pairTests = gradescope.tests.filter((t) => t.name?.startsWith('pair: '));
    expect(pairTests.map((t) => t.tags)).toEqual([['pair'], ['pair', 'sliced']]);

    const terminal = formatTerminalReport(report, { color: false, verbose: false });
    expect(terminal).toContain('[pair/pair-sliced]');
    expect(terminal).toMatch(/\(server 1\/1, pair 1\/2\)/);
  });
});
