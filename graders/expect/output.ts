// What a program printed: clients are graded on the payload, not on the decoration around it.
import { formatPythonBytes } from '../../harness/util/bytes.js';

/**
 * Whether `stdout` shows `payload`: as text (`Hello, world`) or as Python prints bytes
 * (`b'Hello, world'`, escapes included). `showsPayload("Received b'Hello, world'\n", hello)` is true.
 */
export function showsPayload(stdout: string, payload: Uint8Array): boolean {
  const text = Buffer.from(payload).toString('utf8');
  if (text.length > 0 && stdout.includes(text)) return true;
  const repr = formatPythonBytes(payload);
  return stdout.includes(repr.slice(2, -1));
}
