// The result model: what grading produces and every report is drawn from. The zod schemas are
// the source of truth; the TypeScript types are inferred from them, so a field cannot exist in
// one and silently vanish from the other. Fields are only ever added, never renamed.
import { z } from 'zod';
import { LANGS } from '../i18n/text.js';

/**
 * The catalogue's tags (EXERCISES.md): what the peer does in a check. `pair` marks a check of the
 * learner's client against the learner's server (pair mode); it carries the tag of the fault the
 * proxy between them applies as well (`sliced`, `latency`, …; none for the clean scenario).
 */
export const TAGS = [
  'basic', 'partial', 'empty-recv', 'quit', 'oversize', 'sequential', 'concurrency', 'bad-input', 'loss', 'http',
  'pair', 'sliced', 'latency', 'stall', 'reset', 'cut', 'drop', 'duplicate', 'reorder',
] as const;
/** The fault tags of pair checks, one per fault the pair proxy or relay can apply. */
export const FAULT_TAGS = ['sliced', 'latency', 'stall', 'reset', 'cut', 'drop', 'duplicate', 'reorder'] as const satisfies readonly (typeof TAGS)[number][];
export type FaultTag = (typeof FAULT_TAGS)[number];
export const TagSchema = z.enum(TAGS);
export type Tag = z.infer<typeof TagSchema>;

export const ROLES = ['server', 'client'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/**
 * What a check grades: one program of the submission, or (`pair`) the learner's client and server
 * together, neither of which alone is to blame. Reports group by it like by a role.
 */
export const CHECK_ROLES = [...ROLES, 'pair'] as const;
export const CheckRoleSchema = z.enum(CHECK_ROLES);
export type CheckRole = z.infer<typeof CheckRoleSchema>;

/** `failed`: the submission misbehaved. `errored`: sockgrade itself failed (never the learner's fault). */
export const CheckStatusSchema = z.enum(['passed', 'failed', 'skipped', 'errored']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

export const TRANSCRIPT_KINDS = [
  'spawn', 'listen', 'exit',
  'connect', 'accept', 'send', 'recv', 'fin', 'reset', 'close', 'error',
  'stdin', 'stdout', 'stderr', 'note',
  /** A fault a proxy or peer applied on purpose (slicing, a reset, a dropped datagram…): `text` says which and where. */
  'fault',
] as const;
export const TranscriptKindSchema = z.enum(TRANSCRIPT_KINDS);
export type TranscriptKind = z.infer<typeof TranscriptKindSchema>;

export const TranscriptEventSchema = z.object({
  /** Milliseconds since the check started. */
  at: z.number(),
  /** Who acted: `peer`, `peer#2`, `server`, `client`, `reference server`, `harness`… */
  actor: z.string(),
  kind: TranscriptKindSchema,
  text: z.string(),
  /** Byte count for data events. */
  bytes: z.number().optional(),
  /**
   * Data events: the bytes themselves, base64. Shorter than `bytes` when the per-check cap (64 KiB)
   * cut it; a `note` event then says so. Every other report can be drawn from this alone.
   */
  data: z.string().optional(),
  /**
   * Where in the learner's source the program made this socket call, when the Python shim saw it
   * (`send`, `recv`, `accept`, …): file relative to the submission, 1-based line, the line's text.
   */
  site: z.object({ call: z.string(), file: z.string(), line: z.number(), source: z.string().optional() }).readonly().optional(),
}).readonly();
export type TranscriptEvent = z.infer<typeof TranscriptEventSchema>;

export const CheckResultSchema = z.object({
  id: z.string(),
  role: CheckRoleSchema,
  title: z.string(),
  tags: z.array(TagSchema).readonly(),
  status: CheckStatusSchema,
  score: z.number(),
  maxScore: z.number(),
  /** Why it failed, was skipped or errored; for a pass, a short confirmation. Shown to learners. */
  message: z.string(),
  hint: z.string(),
  durationMs: z.number(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  /** A 0-point remark on a passed check (e.g. a size header split across pieces). */
  warning: z.string().optional(),
  /**
   * For `errored` checks: sockgrade's own diagnostic (a stack trace), for instructors and bug
   * reports. Never shown to learners (terminal shows it with --verbose; Gradescope never).
   */
  diagnostic: z.string().optional(),
  notes: z.array(z.string()).readonly(),
  /** Hard-coded addresses the Python shim rewrote during this check. */
  redirections: z.array(z.string()).readonly().default([]),
  transcript: z.array(TranscriptEventSchema).readonly(),
}).readonly();
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const ContainmentModeSchema = z.enum(['pid-namespace', 'process-group']);

export const LimitsReportSchema = z.object({
  cpuSeconds: z.number(),
  memoryBytes: z.number(),
  fileSizeBytes: z.number(),
  openFiles: z.number(),
  processes: z.number(),
  outputBytes: z.number(),
  checkMs: z.number(),
}).readonly();

export const EnvironmentSchema = z.object({
  containment: ContainmentModeSchema,
  containmentNote: z.string().optional(),
  redirect: z.boolean(),
  workers: z.number(),
  platform: z.string(),
  node: z.string(),
  /** `on`: network and filesystem isolated; `partial`: one of them; `off`: neither (older reports lack it). */
  sandbox: z.enum(['on', 'partial', 'off']),
  isolation: z.object({ network: z.enum(['loopback-only', 'host']), filesystem: z.enum(['private', 'host']) }).readonly(),
  sandboxNote: z.string().optional(),
  /** Limits every submission program ran under (bytes, seconds, milliseconds). */
  limits: LimitsReportSchema,
  /** How `limits.memoryBytes` was enforced: `cgroup` (memory the program's tree uses), `address-space` (per process), `none`. */
  memoryLimit: z.enum(['cgroup', 'address-space', 'none']),
  memoryLimitNote: z.string().optional(),
}).readonly();
export type GradeEnvironment = z.infer<typeof EnvironmentSchema>;

export const GradeReportSchema = z.object({
  /**
   * The language the report's words were written in when it was graded (`--lang`): titles,
   * messages, hints and notes are stored in it alone (older reports lack it: English).
   */
  lang: z.enum(LANGS).optional(),
  exercise: z.string(),
  title: z.string(),
  score: z.number(),
  maxScore: z.number(),
  durationMs: z.number(),
  startedAt: z.string(),
  submission: z.object({
    dir: z.string(),
    commands: z.object({ server: z.string().optional(), client: z.string().optional() }).readonly(),
    /** The build command, run once before the checks (the `builds` check reports it). */
    build: z.string().optional(),
  }).readonly(),
  environment: EnvironmentSchema,
  /** Every hard-coded address the Python shim rewrote, across all checks. */
  redirections: z.array(z.string()).readonly(),
  checks: z.array(CheckResultSchema).readonly(),
}).readonly();
export type GradeReport = z.infer<typeof GradeReportSchema>;
