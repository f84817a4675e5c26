// Parsing option values that need more than a type.
import type { Timeouts } from '../check/context.js';
import { UsageError } from './usage.js';

/** `--timeout MS` scales every per-step bound together (start-up, reply, exit). */
export function parseTimeouts(value: string | undefined): Partial<Timeouts> | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 100 || ms > 600_000) throw new UsageError(`--timeout takes milliseconds from 100 to 600000, got ${JSON.stringify(value)}`);
  return { startupMs: ms, replyMs: ms, exitMs: ms, checkMs: Math.max(30_000, ms * 6) };
}
