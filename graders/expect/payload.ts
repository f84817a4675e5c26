// Deterministic pseudo-random payloads: the same bytes on every run, so verdicts never depend on
// chance, yet every byte value appears (so a decode() or strip() corrupts them visibly).
import { createHash } from 'node:crypto';

/** `size` bytes from a xorshift128 generator seeded by SHA-256 of `seed` (fast: ~10 ms per 3 MiB). */
export function createPayload(size: number, seed: string): Buffer {
  const state = new Uint32Array(createHash('sha256').update(seed).digest().buffer, 0, 4);
  if (state.every((x) => x === 0)) state[0] = 1;
  const out = Buffer.alloc(size + 3);
  for (let offset = 0; offset < size; offset += 4) {
    let t = state[3]!;
    const s = state[0]!;
    state[3] = state[2]!;
    state[2] = state[1]!;
    state[1] = s;
    t ^= t << 11;
    t ^= t >>> 8;
    state[0] = t ^ s ^ (s >>> 19);
    out.writeUInt32LE(state[0]!, offset);
  }
  return out.subarray(0, size);
}

/** A payload made on first use and kept: module loading stays cheap. */
export function lazyPayload(size: number, seed: string): () => Buffer {
  let payload: Buffer | undefined;
  return () => (payload ??= createPayload(size, seed));
}
