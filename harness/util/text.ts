// Text from untrusted programs, made safe to show.

/**
 * Control characters a program printed must not reach a terminal as such: escape sequences could
 * repaint the report (a fake score line). They are shown as \x1b etc.
 */
export function neutralizeControls(text: string, keep = '\t\n'): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    keep.includes(c) ? c : c.charCodeAt(0) > 0xff ? `\\u${c.charCodeAt(0).toString(16)}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
