// The shape of an exercise: its spec (data, validated by zod) joined with its checks. One
// definition per exercise, in exercises/<id>.ts; exercises/index.ts registers it.
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from '../harness/i18n/text.js';
import { z } from 'zod';
import { ROLES, type Check, type Role } from '../harness/check/types.js';

/**
 * Words people read: plain English (a course's own exercises may stay English-only), or the same
 * text in every language reports speak (`t('Echo server', '回显服务器')`).
 */
const TextSchema = z.union([z.string().min(1), z.object({ en: z.string().min(1), zh: z.string().min(1) }).strict()]);

const kebab = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'ids are kebab-case: lowercase words joined by "-"');

/** A built-in reference: a module under reference/, compiled with the project (`echo/server`). */
const BuiltInReferenceSchema = z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'a module under reference/, like "echo/server"');

/**
 * A path given as a file: URL (`new URL('./server.mjs', import.meta.url)`) or an absolute path,
 * made an absolute path. A relative path is refused: relative to what would depend on who loads
 * the module, and the same exercise must run the same program from the CLI, a test or a bundle.
 */
const AbsolutePathSchema = z
  .union([z.instanceof(URL), z.string().min(1)])
  .transform((where, ctx) => {
    const path = where instanceof URL ? (where.protocol === 'file:' ? fileURLToPath(where) : undefined) : where.startsWith('file:') ? fileURLToPath(where) : where;
    if (path === undefined || !isAbsolute(path)) {
      ctx.addIssue({ code: 'custom', message: `${String(where)} is not an absolute path or file: URL; write new URL('./server.mjs', import.meta.url)` });
      return z.NEVER;
    }
    return path;
  });

/**
 * A course's own reference: a Node.js program (plain JavaScript, ESM or CommonJS) in the course's
 * folder, run with the Node.js that runs sockgrade and `--host H --port P` like a built-in one.
 */
const OwnReferenceSchema = z.object({ file: AbsolutePathSchema }).strict();

/**
 * Either kind of reference, chosen by the value's type, so that a mistake in an own reference is
 * reported as that mistake (a relative path) rather than as "matches neither kind".
 */
const ReferenceSchema = z.unknown().transform((value, ctx) => {
  const parsed = (typeof value === 'string' ? BuiltInReferenceSchema : OwnReferenceSchema).safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
}) as unknown as z.ZodType<z.output<typeof BuiltInReferenceSchema> | z.output<typeof OwnReferenceSchema>, z.input<typeof BuiltInReferenceSchema> | z.input<typeof OwnReferenceSchema>>;

export const RoleSpecSchema = z.object({
  /** What a learner usually runs; used when the CLI is given no command for the role. */
  defaultCommand: z.string().min(1),
  /**
   * The reference program, run exactly like a submission: a built-in module under reference/
   * (`'echo/server'`), or a course's own program (`{ file: new URL('./server.mjs', import.meta.url) }`).
   */
  reference: ReferenceSchema,
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
  title: TextSchema,
  /** Which tutorial the program comes from: seed file and section. */
  source: z.object({ seed: z.string().min(1), section: z.string().min(1) }),
  protocol: z.enum(['tcp', 'udp']),
  roles: z
    .object({ server: RoleSpecSchema.optional(), client: RoleSpecSchema.optional() })
    .refine((r) => r.server || r.client, 'an exercise needs at least one role'),
  /** Files from the fixtures folder copied next to every run of this exercise. */
  fixtures: z.array(z.string().min(1)).default([]),
  /** Where `fixtures` are: exercises/fixtures/<id>/ for a built-in exercise; a course's own exercise names its folder (a file: URL or absolute path). */
  fixturesDir: AbsolutePathSchema.optional(),
  /** One paragraph for `sockgrade list` and reports. */
  summary: TextSchema,
  needs: ExerciseNeedsSchema.default({}),
});

export type ExerciseSpec = z.infer<typeof ExerciseSpecSchema>;
export type RoleSpec = z.infer<typeof RoleSpecSchema>;
export type ExerciseNeeds = z.infer<typeof ExerciseNeedsSchema>;

/**
 * Marks an object made by defineExercise. A registry symbol, so that an exercise defined with
 * another copy of sockgrade (a course's folder with its own node_modules) is still recognised.
 */
export const EXERCISE_BRAND: unique symbol = Symbol.for('sockgrade.exercise');

/** An exercise: its spec and its checks, validated together. */
export interface Exercise extends ExerciseSpec {
  readonly checks: readonly Check[];
  readonly [EXERCISE_BRAND]: true;
}

/** Whether a value is an exercise made by defineExercise (of this or another copy of sockgrade). */
export function isExercise(value: unknown): value is Exercise {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[EXERCISE_BRAND] === true;
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
  return Object.freeze({ ...parsed.data, checks, [EXERCISE_BRAND]: true as const });
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
