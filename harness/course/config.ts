// sockgrade.config.json: one assignment of a course (which exercises, how each learner's files are
// run, points, visibility, limits). The file is data, validated by zod; every error names the file
// and the field, e.g. `sockgrade.config.json: exercises[1].points["server-echoes"]: expected a number`.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LANGS } from '../i18n/text.js';
import { SANDBOX_MODES } from '../process/sandbox.js';
import { VISIBILITIES } from '../report/reporter.js';
import { ROLES } from '../results/schema.js';
import { parseBuildTimeout, parseCheckTimeout, parseLimits, parseTimeouts } from '../cli/options.js';

/** A config that cannot be used: shown to the user as one line (exit 2). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The CLI flags a config may set under `limits`, with the same names and the same values. */
export const LIMIT_FLAGS = ['cpu', 'memory', 'processes', 'output', 'file-size', 'open-files', 'timeout', 'check-timeout', 'build-timeout'] as const;
export type LimitFlag = (typeof LIMIT_FLAGS)[number];

/** Checks one limit's value with the CLI's own parser, so a config and a flag accept the same things. */
function validateLimit(flag: LimitFlag, value: string): string | undefined {
  try {
    if (flag === 'timeout') parseTimeouts(value);
    else if (flag === 'check-timeout') parseCheckTimeout(value);
    else if (flag === 'build-timeout') parseBuildTimeout(value);
    else parseLimits({ [flag]: value });
    return undefined;
  } catch (error) {
    // The parser speaks of the flag (`--cpu takes …`); here the field is named by its path.
    return (error as Error).message.replace(/^--[a-z-]+ /, '');
  }
}

const LimitValueSchema = z.union([z.string(), z.number()], { error: 'expected a number or a string such as "512M" or "3s"' }).transform(String);

const LimitsSchema = z
  .object(Object.fromEntries(LIMIT_FLAGS.map((flag) => [flag, LimitValueSchema.optional()])) as Record<LimitFlag, z.ZodOptional<typeof LimitValueSchema>>)
  .strict()
  .superRefine((limits, ctx) => {
    for (const flag of LIMIT_FLAGS) {
      const value = limits[flag];
      const problem = value === undefined ? undefined : validateLimit(flag, value);
      if (problem) ctx.addIssue({ code: 'custom', path: [flag], message: problem });
    }
  });

export type ConfigLimits = Partial<Record<LimitFlag, string>>;

const command = z.string().trim().min(1, 'the command is empty');
/** A path inside a learner's folder: relative, and never climbing out of it. */
const insidePath = z.string().min(1).refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), 'must be a path inside the learner folder (relative, without "..")');

const VisibilitySchema = z.record(z.string().min(1), z.enum(VISIBILITIES, { error: `expected one of ${VISIBILITIES.join(', ')}` }));

export const ExerciseEntrySchema = z
  .object({
    /** An exercise of the catalogue (`sockgrade list`) or of an exerciseModules module. */
    id: z.string().min(1),
    /**
     * Where this exercise's files are in each learner folder: a subfolder ("echo", "week3/echo")
     * or "." for the learner folder itself. Default: the subfolder named like the exercise when
     * the learner has one, else the learner folder itself.
     */
    folder: insidePath.optional(),
    /** The roles graded. Default: those with a command here; else the learner's sockgrade.json; else the defaults whose files exist. */
    roles: z.array(z.enum(ROLES)).min(1).optional(),
    server: command.optional(),
    client: command.optional(),
    build: command.optional(),
    /** Files that must be in the exercise's folder, else it is not graded (default: the scripts the commands name). */
    files: z.array(insidePath).optional(),
    /** Points by check id or by tag; a check id wins over its tags. */
    points: z.record(z.string().min(1), z.number({ error: 'expected a number' }).nonnegative('points cannot be negative')).optional(),
    /** Limits for this exercise alone, over the assignment's. */
    limits: LimitsSchema.optional(),
    /** Pair mode (docs/pair-mode.md): also grade the learner's client against their own server, through the fault proxy. */
    pair: z.boolean().optional(),
  })
  .strict();

export type ExerciseEntry = z.infer<typeof ExerciseEntrySchema>;

export const ConfigSchema = z
  .object({
    /** Editors' JSON Schema link; ignored. */
    $schema: z.string().optional(),
    /** For people: which assignment this is. */
    title: z.string().optional(),
    /** When learners may see every check (visibility after_due_date); ISO 8601 with a time zone. */
    dueDate: z.iso.datetime({ offset: true, error: 'expected a date and time with its zone, such as "2026-12-15T23:59:00+08:00"' }).optional(),
    lang: z.enum(LANGS, { error: `expected one of ${LANGS.join(', ')}` }).optional(),
    /** Pair mode for every exercise with both roles (an exercise's own `pair` wins). */
    pair: z.boolean().optional(),
    sandbox: z.enum(SANDBOX_MODES as ['auto', 'on', 'off'], { error: `expected one of ${SANDBOX_MODES.join(', ')}` }).optional(),
    limits: LimitsSchema.optional(),
    /** As --visibility: keys `default`, a tag, or a check id; values Gradescope's. */
    visibility: VisibilitySchema.optional(),
    /** Modules, relative to this file, whose `default` or `exercises` export is an Exercise or an array of them. */
    exerciseModules: z.array(z.string().min(1)).optional(),
    /** The exercises of the assignment, in gradebook order: an id, or an entry with the details. */
    exercises: z
      .array(z.preprocess((v) => (typeof v === 'string' ? { id: v } : v), ExerciseEntrySchema))
      .min(1, 'an assignment needs at least one exercise'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.exercises.forEach((entry, i) => {
      const first = seen.get(entry.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['exercises', i, 'id'], message: `"${entry.id}" is already exercises[${first}]` });
      seen.set(entry.id, i);
    });
  });

export type Config = z.infer<typeof ConfigSchema>;

/** `exercises[1].points["server-echoes"]`: the path as a reader would write it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return issue.input === undefined ? 'is required' : `expected ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
  }
  return issue.message;
}

/** One line naming the file and the first problem's field. */
export function describeConfigError(file: string, error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  const where = first!.path.length ? `${formatPath(first!.path)}: ` : '';
  return `${file}: ${where}${describeIssue(first!)}${rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : ''}`;
}

/** Reads and validates a config file; the text is returned too (it is part of every learner's fingerprint). */
export function readConfig(file: string): { config: Config; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (error as Error).message})`}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON: ${(error as Error).message.replace(/\s+/g, ' ')}`);
  }
  const parsed = ConfigSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(describeConfigError(file, parsed.error));
  return { config: parsed.data, text };
}
