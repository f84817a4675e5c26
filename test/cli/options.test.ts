import { describe, expect, it } from 'vitest';
import { parseCheckTimeout, parseDuration, parseTimeouts } from '../../harness/cli/options.js';

describe('durations', () => {
  it.each([
    ['500ms', 'ms', 500],
    ['3s', 'ms', 3000],
    ['1.5s', 's', 1500],
    ['2m', 's', 120_000],
    ['750', 'ms', 750],
    ['45', 's', 45_000],
  ] as const)('%s (bare unit %s) is %d ms', (value, bare, ms) => {
    expect(parseDuration('--x', value, bare, 1, 3_600_000)).toBe(ms);
  });

  it('both time options accept explicit units, and keep their documented bare unit', () => {
    expect(parseTimeouts('2s')?.replyMs).toBe(2000);
    expect(parseTimeouts('2000')?.replyMs).toBe(2000);
    expect(parseCheckTimeout('45s')).toBe(45_000);
    expect(parseCheckTimeout('45')).toBe(45_000);
  });

  it('rejects nonsense and out-of-range values with the option, the rule and the value', () => {
    expect(() => parseTimeouts('soon')).toThrow(/--timeout takes a duration .* got "soon"/);
    expect(() => parseTimeouts('10ms')).toThrow(/--timeout takes a duration from 0.1 s/);
    expect(() => parseCheckTimeout('2h')).toThrow(/--check-timeout/);
  });
});
