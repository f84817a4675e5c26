// What a check is, and what running one produces.
import type { Text } from '../i18n/text.js';
import type { BaselineScenario, CheckContext } from './context.js';
import type { Tag } from '../results/schema.js';

export { TAGS, TagSchema, ROLES, RoleSchema, CHECK_ROLES, CheckRoleSchema, FAULT_TAGS, CheckStatusSchema } from '../results/schema.js';
export type { Tag, Role, CheckRole, FaultTag, CheckStatus, CheckResult } from '../results/schema.js';
import type { CheckRole } from '../results/schema.js';

/** What a passing check may add: a 0-point warning or a remark shown with the result. */
export interface CheckOutcome {
  readonly warning?: string | Text;
  readonly note?: string | Text;
}

/** One check of one role of one exercise. Ids are stable kebab-case: reports key on them. */
export interface Check {
  readonly id: string;
  /** A plain sentence saying what a correct program does: "echoes all 256 byte values". */
  readonly title: string | Text;
  /** The program graded, or `pair`: the learner's client with the learner's server (pair mode only). */
  readonly role: CheckRole;
  readonly tags: readonly [Tag, ...Tag[]];
  readonly points: number;
  /** Shown with every failure: a pointer toward the fix. */
  readonly hint: string | Text;
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
