// The JSON report: the contract CI scripts rely on. Fields are only ever added, never renamed.
import { z } from 'zod';
import { CheckStatusSchema, RoleSchema, TagSchema } from '../check/types.js';

export const REPORT_VERSION = 1;

export const TranscriptEventSchema = z.object({
  at: z.number(),
  actor: z.string(),
  kind: z.string(),
  text: z.string(),
  bytes: z.number().optional(),
});

export const CheckReportSchema = z.object({
  id: z.string(),
  role: RoleSchema,
  title: z.string(),
  tags: z.array(TagSchema),
  status: CheckStatusSchema,
  score: z.number(),
  maxScore: z.number(),
  message: z.string(),
  hint: z.string(),
  durationMs: z.number(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  warning: z.string().optional(),
  notes: z.array(z.string()),
  transcript: z.array(TranscriptEventSchema),
});

export const GradeReportSchema = z.object({
  version: z.literal(REPORT_VERSION),
  exercise: z.string(),
  title: z.string(),
  score: z.number(),
  maxScore: z.number(),
  durationMs: z.number(),
  startedAt: z.string(),
  submission: z.object({
    dir: z.string(),
    commands: z.object({ server: z.string().optional(), client: z.string().optional() }),
    /** The build command, run once before the checks (the `builds` check reports it). */
    build: z.string().optional(),
  }),
  environment: z.object({
    containment: z.enum(['pid-namespace', 'process-group']),
    containmentNote: z.string().optional(),
    redirect: z.boolean(),
    workers: z.number(),
    platform: z.string(),
    node: z.string(),
    /** `on`: network and filesystem isolated; `partial`: one of them; `off`: neither (older reports lack it). */
    sandbox: z.enum(['on', 'partial', 'off']).optional(),
    isolation: z.object({ network: z.enum(['loopback-only', 'host']), filesystem: z.enum(['private', 'host']) }).optional(),
    sandboxNote: z.string().optional(),
    /** Limits every submission program ran under (bytes, seconds, milliseconds). */
    limits: z.object({
      cpuSeconds: z.number(),
      memoryBytes: z.number(),
      fileSizeBytes: z.number(),
      openFiles: z.number(),
      processes: z.number(),
      outputBytes: z.number(),
      checkMs: z.number(),
    }).optional(),
    /** How the memory limit was enforced: `cgroup` (memory the program's tree uses), `address-space` (per process), `none` (older reports lack it). */
    memoryLimit: z.enum(['cgroup', 'address-space', 'none']).optional(),
    memoryLimitNote: z.string().optional(),
  }),
  redirections: z.array(z.string()),
  checks: z.array(CheckReportSchema),
});

export type GradeReportJson = z.infer<typeof GradeReportSchema>;
