// An exercise is one definition: spec and checks together. What cannot be graded as defined is
// refused when the catalogue loads, not discovered as a silent full score.
import { describe, expect, it } from 'vitest';
import { defineExercise, ExerciseDefinitionError } from '../../exercises/schema.js';
import { builtInExercises as exercises } from '../../exercises/index.js';
import type { Check } from '../../harness/check/types.js';

const spec = {
  id: 'made-up',
  title: 'A made-up exercise',
  source: { seed: '000', section: 'none' },
  protocol: 'tcp' as const,
  roles: { server: { defaultCommand: 'python3 server.py', reference: 'made-up/server' } },
  summary: 'For tests.',
};

const check = (overrides: Partial<Check> = {}): Check => ({
  id: 'server-starts',
  title: 'starts',
  role: 'server',
  tags: ['basic'],
  points: 1,
  hint: 'bind() and listen() on the port you are given.',
  run: async () => {},
  ...overrides,
});

describe('defineExercise', () => {
  it('accepts a spec with a check for each role', () => {
    expect(defineExercise({ ...spec, checks: [check()] }).checks).toHaveLength(1);
  });

  it.each([
    ['an exercise registered without checks', [], /the server role has no checks/],
    ['a check of a role the exercise lacks', [check(), check({ id: 'client-x', role: 'client' })], /grades the client, which the exercise does not have/],
    ['a dependency on a check that does not exist', [check({ dependsOn: 'server-nope' })], /depends on server-nope, which does not exist/],
    ['two checks with one id', [check(), check()], /two checks have the id server-starts/],
    ['a check id that is not kebab-case', [check({ id: 'Server_Starts' })], /not kebab-case/],
  ] as const)('refuses %s', (_name, checks, message) => {
    expect(() => defineExercise({ ...spec, checks: [...checks] })).toThrow(ExerciseDefinitionError);
    expect(() => defineExercise({ ...spec, checks: [...checks] })).toThrow(message);
  });

  it('refuses a role without a reference program', () => {
    const noReference = { ...spec, roles: { server: { defaultCommand: 'python3 server.py' } } } as unknown as typeof spec;
    expect(() => defineExercise({ ...noReference, checks: [check()] })).toThrow(/reference/);
  });

  it('every registered exercise has checks for each of its roles', () => {
    for (const exercise of exercises) {
      for (const role of ['server', 'client'] as const) {
        if (exercise.roles[role]) expect(exercise.checks.some((c) => c.role === role), `${exercise.id} ${role}`).toBe(true);
      }
    }
  });
});
