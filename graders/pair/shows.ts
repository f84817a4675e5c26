// Whether a client's output shows what it was sent, in order: each payload as text
// (`Hello, world`) or as Python prints bytes (`b'Hello, world'`), like showsPayload, one after another.
import { formatPythonBytes } from '../../harness/util/bytes.js';
import { countOccurrences } from '../expect/interactive.js';
import type { Bytes } from './scenario.js';

function forms(payload: Bytes): string[] {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  const text = bytes.toString('utf8');
  return [...new Set([text, formatPythonBytes(bytes).slice(2, -1)])].filter((f) => f.length > 0);
}

/** The first payload not shown after the ones before it (undefined: all shown). */
export function showsAll(stdout: string, payloads: readonly Bytes[]): { readonly missing?: Bytes } {
  let from = 0;
  for (const payload of payloads) {
    const at = forms(payload).map((f) => ({ at: stdout.indexOf(f, from), length: f.length })).filter((m) => m.at >= 0).sort((a, b) => a.at - b.at)[0];
    if (!at) return { missing: payload };
    from = at.at + at.length;
  }
  return {};
}

/** How often the output shows `payload` (in whichever form it shows it most). */
export function timesShown(stdout: string, payload: Bytes): number {
  return Math.max(0, ...forms(payload).map((f) => countOccurrences(stdout, f)));
}
