// What a check is, and what running one produces.
import { z } from 'zod';
import type { BaselineScenario, CheckContext } from './context.js';
import type { TranscriptEvent } from '../transcript.js';

/** The catalogue's tags (EXERCISES.md): what the peer does in a check. */
export const TAGS = ['basic', 'partial', 'empty-recv', 'quit', 'oversize', 'sequential', 'concurrency', 'bad-input', 'loss', 'http'] as const;
export const TagSchema = z.enum(TAGS);
export type Tag = z.infer<typeof TagSchema>;

export const ROLES = ['server', 'client'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** What a passing check may add: a 0-point warning or a remark shown with the result. */
export interface CheckOutcome {
  readonly warning?: string;
  readonly note?: string;
}

/** One check of one role of one exercise. Ids are stable kebab-case: reports key on them. */
export interface Check {
  readonly id: string;
  /** A plain sentence saying what a correct program does: "echoes all 256 byte values". */
  readonly title: string;
  readonly role: Role;
  readonly tags: readonly [Tag, ...Tag[]];
  readonly points: number;
  /** Shown with every failure: a pointer toward the fix. */
  readonly hint: string;
  /** Another check of the same exercise that must pass first; otherwise this one is skipped. */
  readonly dependsOn?: string;
  /** Reference scenarios the check compares with; started when grading starts, so they are ready. */
  readonly baselines?: readonly BaselineScenario<unknown>[];
  /** Bound for the whole check; the harness's default is used when absent. */
  readonly timeoutMs?: number;
  /**
   * The graded program is right to wait for typed input during this check although the check types
   * nothing (an interactive client before its first line). Otherwise a failed check whose program
   * sits in input() with nothing typed is explained by that wait, with its file:line.
   */
  readonly waitsForTypedInput?: boolean;
  run(ctx: CheckContext): Promise<CheckOutcome | void>;
}

export const CheckStatusSchema = z.enum(['passed', 'failed', 'skipped', 'errored']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** The result of one check: a closed union over status, every field read-only. */
export interface CheckResult {
  readonly id: string;
  readonly role: Role;
  readonly title: string;
  readonly tags: readonly Tag[];
  readonly status: CheckStatus;
  readonly score: number;
  readonly maxScore: number;
  /** Why it failed, was skipped or errored; for a pass, a short confirmation. */
  readonly message: string;
  readonly hint: string;
  readonly durationMs: number;
  readonly expected?: string;
  readonly actual?: string;
  readonly warning?: string;
  readonly notes: readonly string[];
  readonly transcript: readonly TranscriptEvent[];
}
