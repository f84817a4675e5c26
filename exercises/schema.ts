// The shape of an exercise spec: data only, validated when the catalogue loads.
import { z } from 'zod';

const kebab = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'ids are kebab-case: lowercase words joined by "-"');

export const RoleSpecSchema = z.object({
  /** What a learner usually runs; used when the CLI is given no command for the role. */
  defaultCommand: z.string().min(1),
  /** The reference program, relative to dist/reference (compiled from reference/). */
  reference: z.string().regex(/\.js$/),
});

export const ExerciseSchema = z.object({
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
});

export type Exercise = z.infer<typeof ExerciseSchema>;
export type RoleSpec = z.infer<typeof RoleSpecSchema>;

/** Validates a spec at load time; a broken spec is a bug in sockgrade, reported with its path. */
export function defineExercise(spec: z.input<typeof ExerciseSchema>): Exercise {
  const parsed = ExerciseSchema.safeParse(spec);
  if (!parsed.success) {
    throw new Error(`exercise spec ${JSON.stringify(spec.id)} is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
