// The order every learner-facing report shows checks in: by role (server, client, then the pair), then by
// the check's first tag in the catalogue's order, keeping the exercise's order within a group.
import { CHECK_ROLES, TAGS, type CheckResult, type CheckRole, type Tag } from '../results/schema.js';

export interface CheckGroup {
  readonly role: CheckRole;
  readonly tag: Tag | undefined;
  readonly checks: readonly CheckResult[];
}

export interface RoleGroup {
  readonly role: CheckRole;
  readonly score: number;
  readonly maxScore: number;
  readonly groups: readonly CheckGroup[];
}

export function groupChecks(checks: readonly CheckResult[]): RoleGroup[] {
  return CHECK_ROLES.flatMap((role) => {
    const ofRole = checks.filter((c) => c.role === role);
    if (ofRole.length === 0) return [];
    const tags: (Tag | undefined)[] = [...TAGS, undefined];
    const groups = tags
      .map((tag) => ({ role, tag, checks: ofRole.filter((c) => c.tags[0] === tag) }))
      .filter((g) => g.checks.length > 0);
    return [{ role, score: ofRole.reduce((s, c) => s + c.score, 0), maxScore: ofRole.reduce((s, c) => s + c.maxScore, 0), groups }];
  });
}
