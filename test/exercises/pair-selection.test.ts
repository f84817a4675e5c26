// Pair checks: selected only in pair mode with both roles graded, present for every exercise with
// both roles, and refused where they cannot be right.
import { describe, expect, it } from 'vitest';
import { checksOf, builtInExercises as exercises, findExercise } from '../../exercises/index.js';
import { defineExercise, ExerciseDefinitionError } from '../../exercises/schema.js';
import { FAULT_TAGS } from '../../harness/results/schema.js';
import type { Check } from '../../harness/check/types.js';

const echo = findExercise('echo')!;
const pairIds = (checks: readonly Check[]) => checks.filter((c) => c.role === 'pair').map((c) => c.id);

describe('selecting pair checks', () => {
  it('joins only in pair mode, and only with both roles', () => {
    expect(pairIds(checksOf(echo, ['server', 'client']))).toEqual([]);
    expect(pairIds(checksOf(echo, ['server', 'client'], { pair: true }))).toContain('pair-sliced');
    expect(pairIds(checksOf(echo, ['server'], { pair: true }))).toEqual([]);
    expect(checksOf(echo, ['client'], { pair: true }).every((c) => c.role === 'client')).toBe(true);
  });

  it('listing (no roles) shows them, unless asked not to', () => {
    expect(pairIds(checksOf(echo))).toContain('pair-clean');
    expect(pairIds(checksOf(echo, undefined, { pair: false }))).toEqual([]);
  });
});

describe('the catalogue', () => {
  it.each(exercises.filter((e) => e.roles.server && e.roles.client).map((e) => [e.id, e] as const))('%s has pair-clean, each pair check tagged pair and at most one fault', (_id, exercise) => {
    const pairs = exercise.checks.filter((c) => c.role === 'pair');
    expect(pairs.map((c) => c.id)).toContain('pair-clean');
    for (const check of pairs) {
      expect(check.tags[0]).toBe('pair');
      const faults = check.tags.filter((t) => (FAULT_TAGS as readonly string[]).includes(t));
      expect(faults.length).toBeLessThanOrEqual(1);
      expect(check.id).toBe(`pair-${faults[0] ?? 'clean'}`);
    }
  });

  it('a TCP exercise with both roles is sliced where its protocol marks a message\'s end', () => {
    for (const id of ['echo', 'file-transfer', 'greet', 'one-shot-chat']) expect(pairIds(findExercise(id)!.checks)).toContain('pair-sliced');
    for (const id of ['udp-hello', 'udp-echo']) expect(pairIds(findExercise(id)!.checks)).toEqual(['pair-clean', 'pair-drop', 'pair-duplicate', 'pair-reorder']);
  });
});

describe('defining pair checks', () => {
  const spec = {
    id: 'tiny',
    title: 'Tiny',
    source: { seed: '000', section: 'x' },
    protocol: 'tcp' as const,
    summary: 'x',
  };
  const check = (over: Partial<Check>): Check => ({ id: 'c', title: 't', role: 'server', tags: ['basic'], points: 1, hint: 'h', run: async () => {}, ...over });
  const role = { defaultCommand: 'x', reference: 'echo/server' };

  it('refuses a pair check on an exercise without both roles, or without the tag pair', () => {
    expect(() => defineExercise({ ...spec, roles: { server: role }, checks: [check({}), check({ id: 'p', role: 'pair', tags: ['pair'] })] })).toThrow(ExerciseDefinitionError);
    expect(() => defineExercise({ ...spec, roles: { server: role, client: role }, checks: [check({}), check({ id: 'k', role: 'client' }), check({ id: 'p', role: 'pair', tags: ['sliced'] })] })).toThrow(/lacks the tag pair/);
    expect(() => defineExercise({ ...spec, roles: { server: role, client: role }, checks: [check({ tags: ['pair'] }), check({ id: 'k', role: 'client' })] })).toThrow(/grades the server alone/);
  });

  it('lets a pair check wait for a server check', () => {
    expect(() => defineExercise({ ...spec, roles: { server: role, client: role }, checks: [check({}), check({ id: 'k', role: 'client' }), check({ id: 'p', role: 'pair', tags: ['pair'], dependsOn: 'c' })] })).not.toThrow();
  });
});
