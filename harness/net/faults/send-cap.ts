// `send-cap`: every socket.send() of a learner's Python program sends at most `bytes` (the shim
// does it), as a busy network may; sendall() is unaffected. A program using send() without a loop
// loses data, whatever the machine's buffers.
import type { ProgramFault } from './fault.js';

export const SEND_CAP_VARIABLE = 'SOCKGRADE_MAX_SEND';

export function sendCap(bytes: number): ProgramFault {
  return { name: 'send-cap', description: `each send() sends at most ${bytes} bytes`, environment: () => ({ [SEND_CAP_VARIABLE]: String(bytes) }) };
}
