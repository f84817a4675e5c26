// Showing bytes to people: previews for transcripts and Python-style reprs.
import { formatPythonBytes } from '../../reference/lib/python-bytes.js';

// One definition of Python's bytes repr, shared with the reference programs (which import nothing from harness/).
export { formatPythonBytes };

/** A short, readable preview: text when it decodes as UTF-8, else an escaped form; long data elided. */
export function previewBytes(data: Uint8Array, max = 80): string {
  const head = data.subarray(0, max);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const printable = !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
  const shown = printable ? JSON.stringify(text) : formatPythonBytes(head);
  return data.length > max ? `${shown}… (${data.length} bytes)` : shown;
}

/** First index where two byte arrays differ, or -1 when equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** Explains how `actual` differs from `expected`, for a failure message. */
export function describeByteMismatch(expected: Uint8Array, actual: Uint8Array): string {
  const at = firstDifference(expected, actual);
  if (at === -1) return 'identical';
  if (actual.length < expected.length && at === actual.length) {
    return `got ${actual.length} of ${expected.length} bytes; the rest never arrived`;
  }
  if (actual.length > expected.length && at === expected.length) {
    return `got ${actual.length - expected.length} extra bytes after the ${expected.length} expected`;
  }
  return `differs at byte ${at}: expected ${previewBytes(expected.subarray(at, at + 16))}, got ${previewBytes(actual.subarray(at, at + 16))} (${actual.length} bytes in all, ${expected.length} expected)`;
}
