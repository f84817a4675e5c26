// An assignment: a validated config joined with the catalogue. Every id the config names (an
// exercise, a check, a tag) is checked against the exercises here, once, so grading never meets
// a dangling one. Points and visibility are resolved into what the runner and reporters take.
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { checksOf, findExercise, exercises as catalogue } from '../../exercises/index.js';
import type { Exercise } from '../../exercises/schema.js';
import type { Check, Role } from '../check/types.js';
import type { Lang } from '../i18n/text.js';
import type { SandboxMode } from '../process/sandbox.js';
import { ALL_VISIBLE, type Visibility, type VisibilityPolicy } from '../report/reporter.js';
import { TAGS, type Tag } from '../results/schema.js';
import { ConfigError, formatPath, readConfig, type ConfigLimits, type ExerciseEntry } from './config.js';
import { loadExerciseModules } from './modules.js';

/** One exercise of the assignment, ready to grade in any learner folder. */
export interface AssignmentExercise {
  readonly exercise: Exercise;
  readonly entry: ExerciseEntry;
  /** The checks of the given roles, with the config's points. */
  /** The checks of these roles, with the assignment's points; the pair checks too when the assignment pairs them and both roles are graded. */
  checksFor(roles: readonly Role[]): readonly Check[];
  /** What a learner can score at most when every role the config grades (or all roles) is graded. */
  readonly maxScore: number;
  /** The assignment's limits with this exercise's over them, as CLI flag values. */
  readonly limits: ConfigLimits;
}

export interface Assignment {
  /** The config file as the user named it (for messages). */
  readonly file: string;
  readonly title: string | undefined;
  readonly dueDate: Date | undefined;
  readonly lang: Lang | undefined;
  readonly sandbox: SandboxMode | undefined;
  readonly visibility: VisibilityPolicy;
  readonly exercises: readonly AssignmentExercise[];
  /** A hash of the config and the exercise modules' texts: part of every learner's fingerprint. */
  readonly fingerprint: string;
}

function fail(file: string, path: readonly PropertyKey[], message: string): never {
  throw new ConfigError(`${file}: ${formatPath(path)}: ${message}`);
}

/** Points by check id, else by tag (tags that disagree are refused at load), else the check's own. */
function createPoints(file: string, index: number, exercise: Exercise, points: Readonly<Record<string, number>>): (check: Check) => number {
  const ids = new Set(exercise.checks.map((c) => c.id));
  for (const key of Object.keys(points)) {
    if (!ids.has(key) && !(TAGS as readonly string[]).includes(key)) {
      fail(file, ['exercises', index, 'points', key], `${exercise.id} has no check or tag "${key}" (sockgrade list shows them)`);
    }
  }
  for (const check of exercise.checks) {
    if (points[check.id] !== undefined) continue;
    const given = [...new Set(check.tags.filter((t) => points[t] !== undefined))];
    const values = new Set(given.map((t) => points[t]));
    if (values.size > 1) {
      fail(file, ['exercises', index, 'points'], `check ${check.id} has the tags ${given.join(' and ')}, which give it different points: give its points by its id`);
    }
  }
  return (check) => points[check.id] ?? check.tags.map((t) => points[t]).find((p) => p !== undefined) ?? check.points;
}

/** A check with other points; everything else (its run, its title) is the check's own. */
function withPoints(check: Check, points: number): Check {
  return points === check.points ? check : Object.assign(Object.create(check) as Check, { points });
}

function createVisibility(file: string, spec: Readonly<Record<string, Visibility>> | undefined, exercises: readonly Exercise[]): VisibilityPolicy {
  if (!spec) return ALL_VISIBLE;
  const checkIds = new Set(exercises.flatMap((e) => e.checks.map((c) => c.id)));
  const byTag: Partial<Record<Tag, Visibility>> = {};
  const byCheck: Record<string, Visibility> = {};
  let fallback: Visibility = 'visible';
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'default') fallback = value;
    else if ((TAGS as readonly string[]).includes(key)) byTag[key as Tag] = value;
    else if (checkIds.has(key)) byCheck[key] = value;
    else fail(file, ['visibility', key], `no exercise of the assignment has a check or tag "${key}" (keys: default, a tag, or a check id)`);
  }
  return { default: fallback, byTag, byCheck };
}

/**
 * Reads FILE, imports its exercise modules and checks every id it names. The config's folder is
 * where `exerciseModules` paths start.
 */
export async function loadAssignment(file: string): Promise<Assignment> {
  const { config, text } = readConfig(file);
  const moduleTexts = await loadExerciseModules(file, dirname(resolve(file)), config.exerciseModules ?? []);
  const planned = config.exercises.map((entry, index): AssignmentExercise => {
    const exercise = findExercise(entry.id);
    if (!exercise) fail(file, ['exercises', index, 'id'], `unknown exercise "${entry.id}"; known: ${catalogue.map((e) => e.id).join(', ')}`);
    for (const role of ['server', 'client'] as const) {
      if (entry[role] !== undefined && !exercise.roles[role]) fail(file, ['exercises', index, role], `${exercise.id} has no ${role} role`);
    }
    for (const [i, role] of (entry.roles ?? []).entries()) {
      if (!exercise.roles[role]) fail(file, ['exercises', index, 'roles', i], `${exercise.id} has no ${role} role`);
    }
    const pointsOf = createPoints(file, index, exercise, entry.points ?? {});
    const graded: readonly Role[] = entry.roles ?? ((['server', 'client'] as const).filter((r) => entry[r] !== undefined).length
      ? (['server', 'client'] as const).filter((r) => entry[r] !== undefined)
      : (['server', 'client'] as const).filter((r) => exercise.roles[r]));
    const pair = entry.pair ?? config.pair ?? false;
    const checksFor = (roles: readonly Role[]) => checksOf(exercise, roles, { pair }).map((c) => withPoints(c, pointsOf(c)));
    return {
      exercise,
      entry,
      checksFor,
      maxScore: checksFor(graded).reduce((sum, c) => sum + c.points, 0),
      limits: { ...config.limits, ...entry.limits },
    };
  });
  const fingerprint = createHash('sha256').update(JSON.stringify([text, moduleTexts])).digest('hex');
  return {
    file,
    title: config.title,
    dueDate: config.dueDate ? new Date(config.dueDate) : undefined,
    lang: config.lang,
    sandbox: config.sandbox,
    visibility: createVisibility(file, config.visibility, planned.map((p) => p.exercise)),
    exercises: planned,
    fingerprint,
  };
}

/**
 * The visibility reporters get now: past the due date, what was hidden until then is visible.
 * Before it (or without one) `after_due_date` stays for the platform (Gradescope) to apply.
 */
export function visibilityAt(assignment: Pick<Assignment, 'visibility' | 'dueDate'>, now: Date): VisibilityPolicy {
  const { visibility, dueDate } = assignment;
  if (!dueDate || now < dueDate) return visibility;
  const open = (v: Visibility): Visibility => (v === 'after_due_date' ? 'visible' : v);
  return {
    default: open(visibility.default),
    byTag: Object.fromEntries(Object.entries(visibility.byTag).map(([k, v]) => [k, open(v)])),
    byCheck: Object.fromEntries(Object.entries(visibility.byCheck).map(([k, v]) => [k, open(v)])),
  };
}
