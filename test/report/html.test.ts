// The HTML report's markup without a browser: escaping, what is open, self-containment, languages.
import { describe, expect, it } from 'vitest';
import { html, escapeHtml } from '../../harness/report/html/markup.js';
import { renderBatchPage, renderReportPage } from '../../harness/report/html/page.js';
import { parseFormats } from '../../harness/report/registry.js';
import { makeCheck, makeReport } from '../helpers/reports.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';

const check = makeCheck;
const report = makeReport;

const failing = check({
  id: 'server-echoes-pieces', title: `echoes ${HOSTILE}`, tags: ['partial'], status: 'failed', score: 0, message: `got ${HOSTILE}`, hint: `hint ${HOSTILE}`, expected: HOSTILE, actual: HOSTILE,
  notes: [HOSTILE],
  transcript: [
    { at: 0, actor: 'server', kind: 'spawn', text: `python3 ${HOSTILE}` },
    { at: 9, actor: 'peer', kind: 'send', text: '"H"', bytes: 1, data: b64('H') },
    { at: 10, actor: 'server', kind: 'stdout', text: HOSTILE, bytes: HOSTILE.length, data: b64(HOSTILE), site: { call: 'print', file: `${HOSTILE}.py`, line: 3, source: HOSTILE } },
    { at: 12, actor: `peer${HOSTILE}`, kind: 'reset', text: 'the server reset the connection' },
  ],
});

describe('escaping', () => {
  it('escapes every interpolated value and passes markup made by html', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(html`<p title="${'"><b>'}">${html`<b>${'<i>'}</b>`}</p>`.value).toBe('<p title="&quot;&gt;&lt;b&gt;"><b>&lt;i&gt;</b></p>');
  });

  it('never lets a learner\'s text become markup: titles, messages, output, file names, actors', () => {
    const page = renderReportPage(report([failing]), 'en');
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The only script is our own print helper.
    expect(page.match(/<script\b/g)).toHaveLength(1);
  });
});

describe('the page', () => {
  const page = renderReportPage(report([failing, check({})]), 'en');

  it('opens failed checks and closes passed ones', () => {
    expect(page).toMatch(/<details class="check failed" id="server-server-echoes-pieces"[^>]* open>/);
    expect(page).toMatch(/<details class="check passed" id="server-server-echoes"[^>]*>/);
    expect(page).not.toMatch(/<details class="check passed"[^>]* open>/);
  });

  it('loads nothing: no external URL, a policy that forbids fetching, system fonts only', () => {
    expect(page).not.toMatch(/\b(src|href)=["'](?!#)/);
    expect(page).not.toMatch(/url\(|@import|@font-face/);
    expect(page).toContain(`content="default-src 'none';`);
  });

  it('speaks the report\'s language in its own labels', () => {
    const zh = renderReportPage(report([failing]), 'zh');
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('检查在这里失败');
    expect(zh).toContain('提示');
    expect(page).toContain('The check failed here');
  });

  it('says why a check did not run, never shows our own stack trace, and flags a warning on a pass', () => {
    const other = renderReportPage(report([
      check({ id: 'a', status: 'errored', score: 0, message: 'sockgrade could not start the peer', diagnostic: 'Error: boom\n    at secret.js:1:1' }),
      check({ id: 'b', status: 'skipped', score: 0, message: "can't check until \"starts\" passes" }),
      check({ id: 'c', warning: 'the size header arrived split across pieces' }),
    ]), 'en');
    expect(other).not.toContain('secret.js');
    expect(other).toMatch(/<details class="check errored"[^>]* open>/);
    expect(other).toContain('sockgrade could not finish this check (not your fault)');
    expect(other).toMatch(/<details class="check skipped"[^>]*data-status="skipped">/);
    expect(other).toContain('can&#39;t check until &quot;starts&quot; passes');
    expect(other).toMatch(/<span class="status s-warning">⚠ warning<\/span>/);
    expect(other).toContain('the size header arrived split across pieces');
  });

  it('groups checks by role, then by tag', () => {
    expect(page.indexOf('Your server')).toBeLessThan(page.indexOf('Basics'));
    expect(page.indexOf('Basics')).toBeLessThan(page.indexOf('Messages that arrive in pieces'));
  });
});

describe('batch', () => {
  it('is one page: a summary table linking each submission, then a section each', () => {
    const page = renderBatchPage([report([failing], '/subs/alice'), report([check({})], '/subs/bob')], 'en');
    expect(page).toContain('<a href="#sub-0">alice</a>');
    expect(page).toContain('<a href="#sub-1">bob</a>');
    expect(page).toContain('id="s0-server-server-echoes-pieces"');
    expect(page).toContain('id="s1-server-server-echoes"');
  });

  it('html is a file format', () => {
    expect(parseFormats('html:out.html')[0]!.reporter.name).toBe('html');
    expect(() => parseFormats('html')).toThrow(/html:FILE/);
  });
});
