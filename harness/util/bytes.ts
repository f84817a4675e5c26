// Showing bytes to people: previews for transcripts and Python-style reprs.
import { formatPythonBytes } from '../../reference/lib/python-bytes.js';
import { t, type Text } from '../i18n/text.js';

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

/** Explains how `actual` differs from `expected`, for a failure message (English; see `byteMismatchText`). */
export function describeByteMismatch(expected: Uint8Array, actual: Uint8Array): string {
  return byteMismatchText(expected, actual).en;
}

/** How `actual` differs from `expected`, in every language; the bytes and counts the same in each. */
export function byteMismatchText(expected: Uint8Array, actual: Uint8Array): Text {
  const at = firstDifference(expected, actual);
  if (at === -1) return t('identical', '完全相同');
  if (actual.length < expected.length && at === actual.length) {
    return t(`got ${actual.length} of ${expected.length} bytes; the rest never arrived`, `收到了 ${expected.length} 字节中的 ${actual.length} 字节；其余的一直没有到达`);
  }
  if (actual.length > expected.length && at === expected.length) {
    const extra = actual.length - expected.length;
    return t(`got ${extra} extra bytes after the ${expected.length} expected`, `在期望的 ${expected.length} 字节之后多收到了 ${extra} 字节`);
  }
  const want = previewBytes(expected.subarray(at, at + 16));
  const got = previewBytes(actual.subarray(at, at + 16));
  return t(
    `differs at byte ${at}: expected ${want}, got ${got} (${actual.length} bytes in all, ${expected.length} expected)`,
    `在第 ${at} 字节处不同：期望 ${want}，收到 ${got}（共收到 ${actual.length} 字节，期望 ${expected.length} 字节）`,
  );
}
