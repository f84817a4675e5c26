// The terminal: colours only for a terminal (NO_COLOR, FORCE_COLOR honoured), a progress line only
// on a terminal and cleared before the report, checks grouped by role then tag as in the HTML.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isColorEnabled } from '../../harness/cli/color.js';
import { createProgress } from '../../harness/cli/progress.js';
import { formatJsonReport } from '../../harness/report/json.js';
import { formatTerminalReport } from '../../harness/report/terminal.js';
import { createTempFolders, runCli } from '../helpers/cli.js';
import { makeCheck, makeReport } from '../helpers/reports.js';

const ESC = '\u001b[';

describe('colours', () => {
  it('a terminal gets them, a pipe does not; NO_COLOR and TERM=dumb turn them off, FORCE_COLOR decides over all', () => {
    expect(isColorEnabled({ isTTY: true }, {})).toBe(true);
    expect(isColorEnabled({ isTTY: false }, {})).toBe(false);
    expect(isColorEnabled({}, {})).toBe(false);
    expect(isColorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(isColorEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(isColorEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(isColorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(isColorEnabled({ isTTY: false }, { FORCE_COLOR: '' })).toBe(true);
    expect(isColorEnabled({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(isColorEnabled({ isTTY: true }, { FORCE_COLOR: 'false' })).toBe(false);
    expect(isColorEnabled({ isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });
});

describe('progress', () => {
  const fakeStream = (isTTY: boolean) => {
    const written: string[] = [];
    return { stream: { isTTY, columns: 60, write: (t: string) => written.push(t) }, written };
  };

  it('redraws one line on a terminal, and clears it', () => {
    const { stream, written } = fakeStream(true);
    const progress = createProgress(stream);
    progress.add(3);
    progress.done(makeCheck({ title: 'starts' }));
    progress.done(makeCheck({ title: 'echoes a message that arrives one byte at a time, even when it is slow', status: 'failed' }));
    expect(written[0]).toBe('\r\u001b[2Kgrading: 1/3 checks — starts');
    expect(written[1]).toMatch(/^\r\u001b\[2Kgrading: 2\/3 checks, 1 failed — echoes .*…$/);
    expect(written[1]!.length - '\r\u001b[2K'.length).toBe(59);
    expect(written.join('')).not.toContain('\n');
    progress.clear();
    expect(written.at(-1)).toBe('\r\u001b[2K');
    progress.clear();
    expect(written).toHaveLength(3);
  });

  it('writes nothing to a pipe', () => {
    const { stream, written } = fakeStream(false);
    const progress = createProgress(stream);
    progress.add(1);
    progress.done(makeCheck({}));
    progress.clear();
    expect(written).toEqual([]);
  });
});

describe('the terminal report', () => {
  const report = makeReport([
    makeCheck({ id: 'client-a', role: 'client', title: 'client basic', tags: ['basic'] }),
    makeCheck({ id: 'server-b', title: 'server in pieces', tags: ['partial'] }),
    makeCheck({ id: 'server-a', title: 'server basic', tags: ['basic', 'partial'] }),
  ]);

  it('groups checks by role, then by tag, as the HTML report does', () => {
    const text = formatTerminalReport(report, { color: false, verbose: false });
    const order = ['Your server  2/2', '── Basics', 'server basic', '── Messages that arrive in pieces', 'server in pieces', 'Your client  1/1', 'client basic'].map((s) => text.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toContain(ESC);
  });

  it('speaks the report language in its headings', () => {
    expect(formatTerminalReport(report, { color: false, verbose: false, lang: 'zh' })).toContain('你的服务器');
  });

  describe('from the command line', () => {
    const temp = createTempFolders();
    afterAll(() => temp.cleanup());
    const saved = () => {
      const file = join(temp.make(), 'saved.json');
      writeFileSync(file, formatJsonReport(report));
      return file;
    };

    it('a pipe gets no colour, FORCE_COLOR gives it colour', async () => {
      const file = saved();
      const piped = await runCli(['report', file]);
      expect(piped.code).toBe(0);
      expect(piped.stdout).toContain(':) server basic');
      expect(piped.stdout).not.toContain(ESC);
      expect(piped.stderr).toBe('');
      const forced = await runCli(['report', file], { env: { ...process.env, FORCE_COLOR: '1' } });
      expect(forced.stdout).toContain(`${ESC}32m:) server basic`);
    });

    it('--html writes the page; --open without an opener says so and still writes it', async () => {
      const file = saved();
      const html = join(temp.make(), 'report.html');
      const run = await runCli(['report', file, '--html', html, '--open', '-q'], { env: { ...process.env, PATH: '/nonexistent' } });
      expect(run.code).toBe(0);
      expect(existsSync(html)).toBe(true);
      expect(run.stderr.trim()).toBe(`sockgrade: cannot open ${html}: no xdg-open on this system (install xdg-utils, or open the file in a browser yourself)`);
    });

    it('--open without an HTML report is a usage error', async () => {
      const run = await runCli(['report', saved(), '--open']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--open opens the HTML report: add --html FILE/);
    });
  });
});
