// Whether a stream gets colours. FORCE_COLOR wins (as in node itself: a value other than 0/false
// turns colour on even when piped, 0/false turns it off); then NO_COLOR (https://no-color.org:
// any non-empty value) and TERM=dumb turn it off; otherwise only a terminal gets colour.
export function isColorEnabled(stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
