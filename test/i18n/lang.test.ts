// `--lang`: the locale decides by default; a mutant graded in Chinese is told in Chinese (messages,
// hints, titles, labels) while the protocol's own bytes stay exactly what the catalogue says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectLang } from '../../harness/i18n/locale.js';
import { parseLang } from '../../harness/cli/options.js';
import { UsageError } from '../../harness/cli/usage.js';
import type { CheckResult, GradeReport } from '../../harness/results/schema.js';
import { fixturesDir, gradeFixture } from '../helpers/grade.js';
import { createTempFolders, runCli } from '../helpers/cli.js';

const CJK = /[\u4e00-\u9fff]/;
const folders = createTempFolders();
afterAll(folders.cleanup);

function check(report: GradeReport, id: string): CheckResult {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`);
  return found;
}

/** The quoted byte previews of a message ("alpha from A", b'\x00'): protocol data, the same in every language. */
function quoted(text: string): string[] {
  return [...text.matchAll(/"(?:[^"\\]|\\.)*"|b'(?:[^'\\]|\\.)*'/g)].map((m) => m[0]);
}

describe('the default language comes from the locale', () => {
  it.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'zh_TW.Big5' }, 'zh'],
    [{ LANG: 'zh' }, 'zh'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'C.UTF-8' }, 'en'],
    [{}, 'en'],
    [{ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' }, 'en'],
    [{ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'zh_CN.UTF-8', LC_ALL: '' }, 'zh'],
    [{ LANG: 'zhuang' }, 'en'],
  ] as const)('%o → %s', (env, lang) => {
    expect(detectLang(env)).toBe(lang);
  });

  it('--lang overrides the locale and takes only en or zh', () => {
    expect(parseLang('en', { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(parseLang(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(() => parseLang('fr', {})).toThrow(UsageError);
  });
});

describe('a mutant graded with lang zh', () => {
  const server = { server: 'python3 server-replies-to-first-sender.py' };

  it('is told in Chinese, with the same bytes as in English', async () => {
    const [en, zh] = await Promise.all([
      gradeFixture('udp-hello', server, { only: ['server-two-senders'], lang: 'en' }),
      gradeFixture('udp-hello', server, { only: ['server-two-senders'], lang: 'zh' }),
    ]);
    expect(zh.lang).toBe('zh');
    expect(en.lang).toBe('en');
    const [failedEn, failedZh] = [check(en, 'server-two-senders'), check(zh, 'server-two-senders')];
    expect(failedZh.status).toBe('failed');
    expect(failedEn.message).toMatch(/^the client at port \d+ sent/);
    expect(failedZh.message).toMatch(CJK);
    expect(failedZh.hint).toMatch(CJK);
    expect(failedZh.hint).toContain('sendto(reply, addr)');
    // The catalogue's bytes and the peers' messages are data: identical in both reports.
    expect(quoted(failedZh.message).sort()).toEqual(quoted(failedEn.message).sort());
    expect(quoted(failedZh.message).length).toBeGreaterThan(0);
    expect(failedZh.expected).toBe(failedEn.expected);
    expect(failedZh.actual).toBe(failedEn.actual);
    // The shared first check's title and the report's notes are Chinese too.
    const starts = check(zh, 'server-starts');
    expect(starts.status).toBe('passed');
    expect(starts.title).toBe('绑定分配的 UDP 端口并保持运行');
    expect(starts.message).toBe('通过');
  });

  it('is told in Chinese why it could not start', async () => {
    const report = await gradeFixture('udp-hello', { server: 'python3 server-forgets-dgram.py' }, { only: ['server-starts'], lang: 'zh' });
    const starts = check(report, 'server-starts');
    expect(starts.status).toBe('failed');
    expect(starts.message).toContain('服务器在绑定 UDP 端口之前就结束了');
    expect(starts.message).toContain('Transport endpoint is not connected'); // Python's own words stay as Python wrote them
    expect(starts.hint).toContain('socket.SOCK_DGRAM');
    expect(starts.hint).toMatch(CJK);
  });

  it("keeps a Chinese protocol string exact: greet's 成功连接到服务器 socket message", async () => {
    const report = await gradeFixture('greet', { client: 'python3 client-single-recv.py' }, { only: ['client-collects-split-greeting'], lang: 'zh' });
    const split = check(report, 'client-collects-split-greeting');
    expect(split.status).toBe('failed');
    expect(split.message).toContain('它在第一段之后就停止了');
    expect(split.expected).toBe('显示 成功连接到服务器 socket message 的一行');
  });
});

describe('the command line', () => {
  const dir = fixturesDir('udp-hello');
  const args = ['grade', 'udp-hello', '--server', 'python3 server-replies-to-first-sender.py', '--cwd', dir];

  it('--lang zh: labels, messages and the saved report in Chinese; report re-renders it, and says what --lang cannot change', async () => {
    const out = join(folders.make(), 'zh.json');
    const graded = await runCli([...args, '--lang', 'zh', '--json', out]);
    expect(graded.code).toBe(1);
    expect(graded.stdout).toContain('提示：');
    expect(graded.stdout).toContain('得分：');
    expect(graded.stdout).toContain('绑定分配的 UDP 端口并保持运行');
    const saved = JSON.parse(readFileSync(out, 'utf8')) as GradeReport;
    expect(saved.lang).toBe('zh');

    const again = await runCli(['report', out]);
    expect(again.stdout).toContain('提示：');
    expect(again.stderr).toBe('');

    const english = await runCli(['report', out, '--lang', 'en']);
    expect(english.stdout).toContain('hint: ');
    expect(english.stderr).toContain('graded with --lang zh');
  });

  it('the locale decides without --lang; a bad --lang is a usage error', async () => {
    const chinese = await runCli(['list', '--lang', 'zh']);
    expect(chinese.stdout).toContain('绑定分配的 UDP 端口并保持运行');
    const byLocale = await runCli(['list'], { env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' } });
    expect(byLocale.stdout).toContain('绑定分配的 UDP 端口并保持运行');
    const bad = await runCli(['list', '--lang', 'fr']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lang takes en or zh/);
  });
});
