// The HTML report as a learner sees it, in a real Chromium (Debian's, driven by playwright-core;
// nothing is downloaded). A buggy echo server and a buggy client are graded, the page is written
// and opened from disk: the failed checks are open with their diagram and hint, passed ones are
// closed, nothing leaves the page, a phone has no page-wide sideways scrolling. Screenshots go to
// test-output/ (gitignored) for people to look at.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../harness/paths.js';
import type { GradeReport } from '../../harness/results/schema.js';
import { renderBatchPage, renderReportPage } from '../../harness/report/html/page.js';
import { gradeFixture } from '../helpers/grade.js';
import { createTempFolders } from '../helpers/cli.js';

const CHROMIUM = process.env.SOCKGRADE_CHROMIUM ?? '/usr/bin/chromium';
const found = existsSync(CHROMIUM);
const SCREENSHOTS = join(projectRoot, 'test-output', 'html-report');
const FAILED_SERVER = 'server-echoes-byte-pieces';
const FAILED_CLIENT = 'client-collects-split-echo';

describe.skipIf(!found)(`the HTML report in Chromium${found ? '' : ` (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium, or set SOCKGRADE_CHROMIUM)`}`, () => {
  const temp = createTempFolders();
  let report: GradeReport;
  let file: string;
  let browser: Browser;

  beforeAll(async () => {
    [report, browser] = await Promise.all([
      gradeFixture('echo', { server: 'python3 server-single-recv.py', client: 'python3 client-single-recv.py' }, { only: [FAILED_SERVER, FAILED_CLIENT] }),
      chromium.launch({ executablePath: CHROMIUM, headless: true }),
    ]);
    expect(report.checks.find((c) => c.id === FAILED_SERVER)?.status).toBe('failed');
    expect(report.checks.find((c) => c.id === FAILED_CLIENT)?.status).toBe('failed');
    expect(report.checks.some((c) => c.status === 'passed')).toBe(true);
    file = join(temp.make('sockgrade-html-'), 'report.html');
    writeFileSync(file, renderReportPage(report, 'en'));
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    temp.cleanup();
  });

  /** Opens the page in a fresh context, recording every request it makes and refusing any but the file. */
  async function open(path: string, viewport: { width: number; height: number }, options: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const context = await browser.newContext({ viewport, ...options });
    const requests: string[] = [];
    const url = pathToFileURL(path).href;
    context.on('request', (request) => requests.push(request.url()));
    await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    const page = await context.newPage();
    // A script the page's own policy blocked, or one that threw, shows up here.
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    return { page, requests, errors };
  }

  it('shows the failed checks open, with the diagram between the program and the peer, and the hint', async () => {
    const { page, requests } = await open(file, { width: 1280, height: 900 });
    for (const id of [FAILED_SERVER, FAILED_CLIENT]) {
      const check = page.locator(`details.check[data-check="${id}"]`);
      expect(await check.evaluate((d: { open?: boolean }) => d.open)).toBe(true);
      const lanes = await check.locator('.lane-head strong').allInnerTexts();
      expect(lanes).toContain(id.startsWith('server') ? 'server' : 'client');
      expect(lanes).toContain('peer');
      expect(await check.locator('.arrow.data').count()).toBeGreaterThan(1);
      const hint = check.locator('.end .end-hint');
      await expect.poll(() => hint.isVisible()).toBe(true);
      expect(await hint.innerText()).toContain(report.checks.find((c) => c.id === id)!.hint);
      expect(await check.locator('.end .end-title').innerText()).toMatch(/failed here/);
    }
    // The server got its message one byte a piece, and ended the connection: both are drawn. Whether
    // the peer saw the end as a reset (a byte sent after the close) or a FIN depends on timing, so
    // the diagram must draw exactly what the transcript recorded.
    const server = page.locator(`details.check[data-check="${FAILED_SERVER}"]`);
    expect(await server.locator('.arrow.data[data-from="peer"][data-to="server"]').count()).toBeGreaterThanOrEqual(2);
    const recorded = (kind: string) => report.checks.find((c) => c.id === FAILED_SERVER)!.transcript.filter((e) => e.actor.startsWith('peer') && e.kind === kind).length;
    expect(recorded('reset') + recorded('fin')).toBeGreaterThanOrEqual(1);
    expect(await server.locator('.arrow.signal.reset').count()).toBe(recorded('reset'));
    // The client printed only the first piece.
    expect(await page.locator(`details.check[data-check="${FAILED_CLIENT}"] .mark.io.stdout`).first().innerText()).toContain("Received b'Hello, '");
    await page.screenshot({ path: join(SCREENSHOTS, 'desktop.png'), fullPage: true });
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.context().close();
  });

  it('keeps passed checks collapsed, their diagram hidden until opened', async () => {
    const { page } = await open(file, { width: 1280, height: 900 }, { javaScriptEnabled: false });
    const passed = page.locator('details.check.passed').first();
    expect(await passed.evaluate((d: { open?: boolean }) => d.open)).toBe(false);
    expect(await passed.locator('.diagram').isVisible()).toBe(false);
    await passed.locator('summary').click();
    expect(await passed.locator('.diagram').isVisible()).toBe(true);
    await page.context().close();
  });

  it('fits a phone: no page-wide sideways scrolling, the diagram scrolls inside its own box', async () => {
    const { page, requests } = await open(file, { width: 375, height: 740 });
    const widths = (await page.evaluate('({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })')) as { page: number; viewport: number };
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    const scroller = page.locator(`details.check[data-check="${FAILED_SERVER}"] .diagram-scroll`);
    expect(await scroller.evaluate((e: { scrollWidth: number; clientWidth: number }) => e.scrollWidth > e.clientWidth)).toBe(true);
    // …while the failure and its hint stay whole on the screen, unscrolled.
    const end = await page.locator(`details.check[data-check="${FAILED_SERVER}"] .end`).boundingBox();
    expect(end!.x).toBeGreaterThanOrEqual(0);
    expect(end!.x + end!.width).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone.png'), fullPage: true });
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.context().close();
  });

  it('prints with every check open, through its own script (allowed by the page\'s policy) and through CSS', async () => {
    const { page, errors } = await open(file, { width: 1000, height: 900 });
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    expect(await page.locator('details.check.passed[open]').count()).toBe(await page.locator('details.check.passed').count());
    await page.evaluate("window.dispatchEvent(new Event('afterprint'))");
    expect(await page.locator('details.check.passed[open]').count()).toBe(0);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('details.check.passed .diagram').first().isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('runs nothing a learner printed, and a batch page links to each submission', async () => {
    const hostile = '<script>document.title="owned"</script><img src="https://example.invalid/x.png">';
    const tampered: GradeReport = {
      ...report,
      submission: { ...report.submission, dir: '/subs/mallory' },
      checks: report.checks.map((c) => ({ ...c, message: `${c.message} ${hostile}`, transcript: [...c.transcript, { at: 999, actor: 'server', kind: 'stdout' as const, text: hostile, bytes: hostile.length, data: Buffer.from(hostile).toString('base64') }] })),
    };
    const batchFile = join(temp.make('sockgrade-html-'), 'batch.html');
    writeFileSync(batchFile, renderBatchPage([report, tampered], 'zh'));
    const { page, requests } = await open(batchFile, { width: 1280, height: 900 });
    expect(await page.title()).not.toBe('owned');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('.batch-summary tbody tr').count()).toBe(2);
    expect(await page.locator('#sub-1 .end-message').first().innerText()).toContain('<script>');
    expect(requests).toEqual([pathToFileURL(batchFile).href]);
    await page.screenshot({ path: join(SCREENSHOTS, 'batch-zh.png') });
    await page.context().close();
  });
});
