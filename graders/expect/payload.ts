// Deterministic pseudo-random payloads: the same bytes on every run, so verdicts never depend on
// chance, yet every byte value appears (so a decode() or strip() corrupts them visibly).
import { createHash } from 'node:crypto';

/** `size` bytes derived from `seed` by SHA-256 in counter mode. */
export function createPayload(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, counter = 0; offset < size; counter++) {
    const block = createHash('sha256').update(`${seed}:${counter}`).digest();
    offset += block.copy(out, offset);
  }
  return out;
}
