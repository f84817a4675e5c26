import { describe, expect, it } from 'vitest';
import { createPool } from '../../harness/util/pool.js';

/** A task that records when it starts and finishes when `release` is called. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { release, task: async () => { log.push(name); await done; return name; } };
}

describe('the worker pool', () => {
  it('never runs more than its limit at once', async () => {
    const pool = createPool(2);
    let running = 0;
    let most = 0;
    await Promise.all(Array.from({ length: 10 }, () => pool(async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setImmediate(r));
      running--;
    })));
    expect(most).toBe(2);
  });

  it('starts waiting tasks by priority, then in the order asked for', async () => {
    const pool = createPool(1);
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = pool(first.task);
    const rest = [
      pool(async () => void log.push('low-a'), 0),
      pool(async () => void log.push('high'), 90_000),
      pool(async () => void log.push('low-b'), 0),
      pool(async () => void log.push('middle'), 40_000),
    ];
    first.release();
    await Promise.all([running, ...rest]);
    expect(log).toEqual(['first', 'high', 'middle', 'low-a', 'low-b']);
  });

  it('frees the slot when a task throws', async () => {
    const pool = createPool(1);
    await expect(pool(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(pool(async () => 'next')).resolves.toBe('next');
  });
});
