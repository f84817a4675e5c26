// time.ctime()'s format as the time-chat checks read it (graders/expect/ctime.ts), against what
// Python prints and what the reference server prints.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatCtimeWall, parseCtime } from '../../graders/expect/ctime.js';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distRoot } from '../../harness/paths.js';

const wall = (y: number, m: number, d: number, hh: number, mm: number, ss: number) => Date.UTC(y, m - 1, d, hh, mm, ss);

describe('parseCtime', () => {
  it('reads a one-digit day padded with a space, and a two-digit day', () => {
    expect(parseCtime('Tue Dec  1 11:05:36 2026')).toEqual({ ok: true, wallMs: wall(2026, 12, 1, 11, 5, 36) });
    expect(parseCtime('Thu Dec 31 23:59:59 2026')).toEqual({ ok: true, wallMs: wall(2026, 12, 31, 23, 59, 59) });
  });

  it.each([
    ['Tue Dec 01 11:05:36 2026', 'leading zero'],
    ['Tue Dec  1 11:05:36 2026\n', 'a newline'],
    ['2026-12-01 11:05:36.123456', 'ISO format'],
    ['Wed Dec  1 11:05:36 2026', 'is a Tue, not a Wed'],
    ['Tue Dez  1 11:05:36 2026', 'not an English month'],
    ['Tue Feb 30 11:05:36 2026', 'not a real date'],
    ['Tue Dec 1 11:05:36 2026', "time.ctime()'s 24-character shape"],
  ])('says what is wrong with %j', (text, phrase) => {
    const parsed = parseCtime(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(phrase);
  });
});

describe('formatCtimeWall', () => {
  it('writes what time.ctime() writes', () => {
    expect(formatCtimeWall(wall(2026, 12, 1, 11, 5, 36))).toBe('Tue Dec  1 11:05:36 2026');
    expect(formatCtimeWall(wall(2027, 1, 10, 0, 0, 7))).toBe('Sun Jan 10 00:00:07 2027');
  });

  it.each(['UTC', 'Asia/Shanghai', 'America/St_Johns'])('agrees with Python and the reference server in TZ=%s', (tz) => {
    const seconds = 1_800_000_000;
    const python = execFileSync('python3', ['-c', `import time; print(time.ctime(${seconds}))`], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }).trim();
    // The reference as it runs (compiled), in a process of its own: the zone is per process.
    const reference = pathToFileURL(join(distRoot, 'reference', 'lib', 'ctime.js')).href;
    const node = execFileSync(process.execPath, ['--input-type=module', '-e', `import { formatCtime } from ${JSON.stringify(reference)}; process.stdout.write(formatCtime(new Date(${seconds * 1000})))`], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    expect(node).toBe(python);
    expect(parseCtime(python).ok).toBe(true);
    if (tz === 'UTC') expect(formatCtimeWall(seconds * 1000)).toBe(python);
  });
});
