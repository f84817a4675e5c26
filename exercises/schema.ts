// The shape of an exercise: its spec (data, validated by zod) joined with its checks. One
// definition per exercise, in exercises/<id>.ts; exercises/index.ts registers it.
import { render } from '../harness/i18n/text.js';
import { z } from 'zod';
import { ROLES, type Check, type Role } from '../harness/check/types.js';

const kebab = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'ids are kebab-case: lowercase words joined by "-"');

export const RoleSpecSchema = z.object({
  /** What a learner usually runs; used when the CLI is given no command for the role. */
  defaultCommand: z.string().min(1),
  /**
   * The reference program: a module under reference/, without extension (`echo/server`). It is
   * compiled with the project and run exactly like a submission.
   */
  reference: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'a module under reference/, like "echo/server"'),
});

/** What the right programs of an exercise need; the harness's defaults follow it (flags still win). */
export const ExerciseNeedsSchema = z.object({
  /** Largest file a right program writes (e.g. a received 64 MiB file); the file-size limit is at least this plus margin. */
  fileSizeBytes: z.number().int().positive().optional(),
  /** CPU seconds a right program may use in its slowest check. */
  cpuSeconds: z.number().positive().optional(),
  /** Wall time of the slowest check of a right program, in ms. */
  checkMs: z.number().int().positive().optional(),
});

export const ExerciseSpecSchema = z.object({
  id: kebab,
  title: z.string().min(1),
  /** Which tutorial the program comes from: seed file and section. */
  source: z.object({ seed: z.string().min(1), section: z.string().min(1) }),
  protocol: z.enum(['tcp', 'udp']),
  roles: z
    .object({ server: RoleSpecSchema.optional(), client: RoleSpecSchema.optional() })
    .refine((r) => r.server || r.client, 'an exercise needs at least one role'),
  /** Files from exercises/fixtures/<id>/ copied next to every run of this exercise. */
  fixtures: z.array(z.string().min(1)).default([]),
  /** One paragraph for `sockgrade list` and reports. */
  summary: z.string().min(1),
  needs: ExerciseNeedsSchema.default({}),
});

export type ExerciseSpec = z.infer<typeof ExerciseSpecSchema>;
export type RoleSpec = z.infer<typeof RoleSpecSchema>;
export type ExerciseNeeds = z.infer<typeof ExerciseNeedsSchema>;

/** An exercise: its spec and its checks, validated together. */
export interface Exercise extends ExerciseSpec {
  readonly checks: readonly Check[];
}

/** Thrown at load time for an exercise that cannot be graded as defined: a bug in sockgrade. */
export class ExerciseDefinitionError extends Error {
  override readonly name = 'ExerciseDefinitionError';
}

function validateChecks(spec: ExerciseSpec, checks: readonly Check[]): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const check of checks) {
    if (!kebab.safeParse(check.id).success) problems.push(`check id ${JSON.stringify(check.id)} is not kebab-case`);
    if (ids.has(check.id)) problems.push(`two checks have the id ${check.id}`);
    ids.add(check.id);
    if (check.role === 'pair') {
      if (!spec.roles.server || !spec.roles.client) problems.push(`pair check ${check.id} needs both a server and a client role`);
      if (!check.tags.includes('pair')) problems.push(`pair check ${check.id} lacks the tag pair`);
    } else if (!spec.roles[check.role]) problems.push(`check ${check.id} grades the ${check.role}, which the exercise does not have`);
    else if (check.tags.includes('pair')) problems.push(`check ${check.id} has the tag pair but grades the ${check.role} alone`);
    if (!(check.points >= 0)) problems.push(`check ${check.id} has invalid points ${check.points}`);
    if (render(check.hint, 'en').trim() === '' || render(check.hint, 'zh').trim() === '') problems.push(`check ${check.id} has no hint`);
  }
  for (const check of checks) {
    if (check.dependsOn === undefined) continue;
    const parent = checks.find((c) => c.id === check.dependsOn);
    if (!parent) problems.push(`check ${check.id} depends on ${check.dependsOn}, which does not exist`);
    // A pair check may wait for either program's own start-up check.
    else if (parent.role !== check.role && check.role !== 'pair') problems.push(`check ${check.id} depends on ${check.dependsOn} of the other role`);
  }
  for (const role of ROLES) {
    if (spec.roles[role] && !checks.some((c) => c.role === role)) problems.push(`the ${role} role has no checks`);
  }
  if (problems.length) throw new ExerciseDefinitionError(`exercise ${spec.id} is not gradable:\n- ${problems.join('\n- ')}`);
}

/**
 * Defines an exercise from its spec and checks; a broken spec, a role without checks or a
 * reference, or a check that depends on a missing one is a load-time error.
 * `export const echo = defineExercise({ id: 'echo', …, checks: echoChecks })`
 */
export function defineExercise(definition: z.input<typeof ExerciseSpecSchema> & { readonly checks: readonly Check[] }): Exercise {
  const { checks, ...specInput } = definition;
  const parsed = ExerciseSpecSchema.safeParse(specInput);
  if (!parsed.success) {
    throw new ExerciseDefinitionError(`exercise spec ${JSON.stringify(specInput.id)} is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  validateChecks(parsed.data, checks);
  return Object.freeze({ ...parsed.data, checks });
}

export interface CheckSelection {
  /**
   * Pair mode: also the checks of the learner's client against the learner's server (role `pair`),
   * when both roles are graded. Off by default: `--pair` on the command line, `pair: true` in a
   * course's assignment config.
   */
  readonly pair?: boolean;
}

/**
 * The checks of an exercise in declaration order. Without `roles`, all of them (pair checks too,
 * unless `pair: false`): for listing. With `roles`, those roles' checks, and the pair checks only
 * in pair mode with both roles graded.
 * `checksOf(echo, ['server', 'client'], { pair: true })`
 */
export function checksOf(exercise: Exercise, roles?: readonly Role[], selection: CheckSelection = {}): readonly Check[] {
  if (roles === undefined) return selection.pair === false ? exercise.checks.filter((c) => c.role !== 'pair') : exercise.checks;
  const pairs = selection.pair === true && roles.includes('server') && roles.includes('client');
  return exercise.checks.filter((c) => (c.role === 'pair' ? pairs : roles.includes(c.role)));
}

/** Whether an exercise has pair checks (it has both roles and sockgrade pairs them). */
export function hasPairChecks(exercise: Exercise): boolean {
  return exercise.checks.some((c) => c.role === 'pair');
}
