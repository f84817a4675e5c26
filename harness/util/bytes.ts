// Showing bytes to people: previews for transcripts and Python-style reprs.

/** Python's repr() of a bytes object, e.g. b'Hello, world' or b'\xe4\xbd'. */
export function formatPythonBytes(data: Uint8Array): string {
  const hasSingle = data.includes(0x27);
  const hasDouble = data.includes(0x22);
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = 'b' + quote;
  for (const byte of data) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === quote.charCodeAt(0)) out += '\\' + quote;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += '\\x' + byte.toString(16).padStart(2, '0');
  }
  return out + quote;
}

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
