// Python's repr() of bytes, as the tutorials' programs print what they received.
// (References import nothing from harness/: each is a standalone program like a submission.)

/** `b'Hello, world'`, `b'\xe4\xbd'`: what print(data) shows for a bytes object. */
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
