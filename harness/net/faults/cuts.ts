// Connections that end early: a reset (RST) or a clean close (FIN) after some bytes, a stall, and
// an orderly half-close after everything was sent.
import type { PeerAction, StreamFault } from './fault.js';

function head(data: Buffer, n: number): PeerAction[] {
  const bytes = data.subarray(0, Math.max(0, n));
  return bytes.length ? [{ kind: 'write', bytes }] : [];
}

/** Sends the first `n` bytes, then resets the connection: the program sees ECONNRESET. */
export function resetAfter(n: number): StreamFault {
  return { name: 'reset-after', description: `reset (RST) after ${n} bytes`, plan: (data) => [...head(data, n), { kind: 'reset' }] };
}

/** Sends the first `n` bytes, then shuts down writing: the program's recv() returns b'' early. */
export function closeAfter(n: number): StreamFault {
  return { name: 'close-after', description: `closed (FIN) after ${n} bytes`, plan: (data) => [...head(data, n), { kind: 'shutdown-write' }] };
}

/** Sends the first `n` bytes, then nothing for `ms` before the rest: a peer that stalls. */
export function stall(n: number, ms: number): StreamFault {
  return {
    name: 'stall',
    description: `stalled ${ms} ms after ${n} bytes`,
    plan: (data) => [...head(data, n), { kind: 'pause', ms }, ...(data.length > n ? [{ kind: 'write', bytes: data.subarray(n) } as const] : [])],
  };
}

/** Sends everything, then shuts down writing (FIN) while still reading: the program must still answer. */
export function halfClose(): StreamFault {
  return { name: 'half-close', description: 'everything, then FIN (still reading)', plan: (data) => [...head(data, data.length), { kind: 'shutdown-write' }] };
}
