// Every report format, drawn from real gradings, held to its platform's published shape: the
// JSON to our generated JSON Schema, Gradescope's and PrairieLearn's results to their specs,
// JUnit to an XSD of the dialect CI readers parse, GitHub's summary and annotations to their syntax.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { validateXML } from 'xmllint-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../harness/paths.js';
import type { GradeReport } from '../../harness/results/schema.js';
import { createJsonReport, formatBatchJsonReport } from '../../harness/report/json.js';
import { formatReportJsonSchema } from '../../harness/report/json-schema.js';
import { createAssignmentGradescopeResults, createGradescopeResults, gradescopeReporter } from '../../harness/report/gradescope.js';
import { createPrairieLearnResults } from '../../harness/report/prairielearn.js';
import { formatJunitReport } from '../../harness/report/junit.js';
import { githubReporter, findLocation } from '../../harness/report/github.js';
import { parseFormats, parseVisibility } from '../../harness/report/registry.js';
import { ALL_VISIBLE, FormatError } from '../../harness/report/reporter.js';
import { fixturesDir, gradeFixture } from '../helpers/grade.js';
import { GradescopeResultsSpec, PrairieLearnResultsSpec } from './platform-schemas.js';

let failing: GradeReport;
let python2: GradeReport;

beforeAll(async () => {
  // A crash with the learner's file:line, a pass, and (Python 2) a start failure with skipped checks.
  [failing, python2] = await Promise.all([
    // From its folder under test/fixtures: the GitHub annotation names the file relative to the workspace.
    gradeFixture('echo', { server: 'python3 server-decodes-chunks.py' }, { dir: fixturesDir('echo'), only: ['server-echoes-split-utf8', 'server-echoes-all-bytes'] }),
    gradeFixture('echo', { server: 'python3 server-python2.py' }, { only: ['server-echoes-all-bytes'] }),
  ]);
  expect(failing.checks.map((c) => c.status).sort()).toEqual(['failed', 'failed', 'passed']);
  expect(python2.checks.map((c) => c.status).sort()).toEqual(['failed', 'skipped']);
}, 60_000);

describe('json', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const schema = JSON.parse(readFileSync(join(projectRoot, 'schema', 'report.schema.json'), 'utf8')) as object;

  it('the published schema is the one the zod model generates', () => {
    expect(readFileSync(join(projectRoot, 'schema', 'report.schema.json'), 'utf8')).toBe(formatReportJsonSchema());
  });

  it('a report and a batch validate against the published JSON Schema', () => {
    const validate = ajv.compile(schema);
    for (const data of [createJsonReport(failing), JSON.parse(formatBatchJsonReport([failing, python2]))]) {
      expect(validate(JSON.parse(JSON.stringify(data))), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('transcripts carry the bytes, base64', () => {
    const check = failing.checks.find((c) => c.id === 'server-echoes-all-bytes')!;
    const sent = check.transcript.find((e) => e.actor === 'peer' && e.kind === 'send')!;
    expect(Buffer.from(sent.data!, 'base64')).toEqual(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    expect(sent.bytes).toBe(256);
  });
});

describe('gradescope', () => {
  it('matches the results.json specification, one test per check', () => {
    const results = createGradescopeResults(failing, ALL_VISIBLE);
    expect(GradescopeResultsSpec.safeParse(results).error?.issues).toBeUndefined();
    expect(results.tests).toHaveLength(failing.checks.length);
    expect(results.score).toBe(failing.score);
    const failed = results.tests.find((t) => t.status === 'failed')!;
    expect(failed.output).toContain('UnicodeDecodeError');
    expect(failed.output).toContain('hint:');
  });

  it('takes visibility per check, then per tag, then the default', () => {
    const policy = parseVisibility('default=after_published,partial=after_due_date,server-starts=visible');
    const results = createGradescopeResults(failing, policy);
    const byId = Object.fromEntries(results.tests.map((t) => [t.extra_data.id, t.visibility]));
    expect(byId).toEqual({ 'server-starts': 'visible', 'server-echoes-split-utf8': 'after_due_date', 'server-echoes-all-bytes': 'after_published' });
    expect(results.visibility).toBe('after_published');
  });

  it("one learner's assignment of several exercises is one results.json: scores added, tests named by exercise", () => {
    const greet = { ...failing, exercise: 'greet' };
    const results = createAssignmentGradescopeResults([failing, greet], ALL_VISIBLE);
    expect(GradescopeResultsSpec.safeParse(results).error?.issues).toBeUndefined();
    expect(results.score).toBe(failing.score * 2);
    expect(results.tests).toHaveLength(failing.checks.length * 2);
    expect(results.tests.map((t) => t.number)).toEqual([...failing.checks.map((_, j) => `1.${j + 1}`), ...failing.checks.map((_, j) => `2.${j + 1}`)]);
    expect(results.tests.at(-1)!.name.startsWith('greet · ')).toBe(true);
    const refused = gradescopeReporter.accepts!({ reports: [failing, greet], batch: true, options: { color: false, lang: 'en', verbose: false, visibility: ALL_VISIBLE, env: {} } });
    expect(refused).toMatch(/one submission at a time/);
    expect(gradescopeReporter.accepts!({ reports: [failing, greet], batch: true, oneSubmission: true, options: { color: false, lang: 'en', verbose: false, visibility: ALL_VISIBLE, env: {} } })).toBeUndefined();
  });

  it('never shows our own stack trace to learners', () => {
    const errored = { ...failing, checks: [{ ...failing.checks[0]!, status: 'errored' as const, message: 'sockgrade could not run this check', diagnostic: 'Error: boom\n    at secret.js:1:1' }] };
    expect(JSON.stringify(createGradescopeResults(errored, ALL_VISIBLE))).not.toContain('secret.js');
  });
});

describe('prairielearn', () => {
  it('matches the external-grader results.json specification', () => {
    const results = createPrairieLearnResults(failing);
    expect(PrairieLearnResultsSpec.safeParse(results).error?.issues).toBeUndefined();
    expect(results.gradable).toBe(true);
    expect(results.score).toBeCloseTo(failing.score / failing.maxScore);
    expect(results.tests.find((t) => t.points === 0)!.message).toContain('UnicodeDecodeError');
  });

  it('a run where sockgrade could run nothing is not gradable (no attempt used)', () => {
    const broken = { ...failing, checks: failing.checks.map((c) => ({ ...c, status: 'errored' as const, score: 0 })) };
    const results = createPrairieLearnResults(broken);
    expect(results.gradable).toBe(false);
    expect(PrairieLearnResultsSpec.safeParse(results).success).toBe(true);
  });
});

describe('junit', () => {
  it('validates against the JUnit XSD: a suite per exercise and role, failure, skipped, transcript tail', async () => {
    const xml = formatJunitReport([failing, python2]);
    const xsd = readFileSync(join(projectRoot, 'test', 'report', 'junit.xsd'), 'utf8');
    const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [xsd] });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(xml).toContain('<testsuite name="echo.server"');
    expect(xml).toMatch(/<failure message="[^"]*UnicodeDecodeError/);
    expect(xml).toMatch(/<skipped message="can&apos;t check until|<skipped message="can't check until/);
    expect(xml).toMatch(/<system-out>[\s\S]*peer[\s\S]*<\/system-out>/);
  });
});

describe('github', () => {
  const run = (env: Record<string, string>) => githubReporter.emit({ reports: [failing], batch: false, options: { color: false, lang: 'en', verbose: false, visibility: ALL_VISIBLE, env } }, undefined);

  it('appends a Markdown summary to $GITHUB_STEP_SUMMARY and annotates the learner\'s line', () => {
    const emissions = run({ GITHUB_STEP_SUMMARY: '/tmp/summary.md', GITHUB_WORKSPACE: projectRoot });
    const summary = emissions.find((e) => e.to === 'append')!;
    expect(summary.text).toContain('| ❌ |');
    expect(summary.text).toContain('**Hint:**');
    const annotations = emissions.find((e) => e.to === 'stdout')!.text.trim().split('\n');
    expect(annotations).toHaveLength(2);
    expect(annotations.find((a) => a.includes('server-echoes-split-utf8'))).toMatch(/^::error title=echo server\/server-echoes-split-utf8%3A [^:]*,file=test\/fixtures\/echo\/server-decodes-chunks\.py,line=\d+::/);
  });

  it('finds the learner\'s file:line in a traceback message', () => {
    const check = failing.checks.find((c) => c.status === 'failed')!;
    expect(findLocation(check)?.file).toBe('server-decodes-chunks.py');
  });
});

describe('--format', () => {
  it('takes several reporters with files', () => {
    expect(parseFormats('terminal,junit:out.xml,prairielearn:results.json').map((r) => [r.reporter.name, r.file])).toEqual([
      ['terminal', undefined],
      ['junit', 'out.xml'],
      ['prairielearn', 'results.json'],
    ]);
  });

  it.each([
    ['nope', /unknown format "nope"/],
    ['junit', /junit:FILE/],
    ['json:', /give a file/],
  ])('refuses %s', (spec, message) => {
    expect(() => parseFormats(spec)).toThrow(FormatError);
    expect(() => parseFormats(spec)).toThrow(message);
  });
});
