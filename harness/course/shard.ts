// `--shard i/n`: the part of a batch one machine grades. Learner folders are sorted by name (the
// order of the gradebook) and dealt round-robin: the k-th (from 0) goes to shard k mod n + 1. Every
// shard of the same folder list gets a disjoint part, and the parts together are the whole list.
import { UsageError } from '../cli/usage.js';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export const WHOLE: Shard = { index: 1, count: 1 };

export function parseShard(value: string | undefined): Shard {
  if (value === undefined) return WHOLE;
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && count <= 10_000 && index >= 1 && index <= count)) throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n, e.g. --shard 2/4, got ${JSON.stringify(value)}`);
  return { index, count };
}

/** The folders of the shard, from the sorted list of all of them. */
export function selectShard(sorted: readonly string[], shard: Shard): string[] {
  return sorted.filter((_, k) => k % shard.count === shard.index - 1);
}

export function describeShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
