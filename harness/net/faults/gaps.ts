// `gaps`: sends data in pieces with a pause between them, as a slow network delivers it (the
// program may or may not have read a piece when the next arrives; use `slices` when it must have).
import { splitBytes, type PeerAction, type StreamFault } from './fault.js';

/** `gaps([2], 100)`: two bytes, 100 ms of silence, then the rest. */
export function gaps(sizes: readonly number[], ms: number): StreamFault {
  return {
    name: 'gaps',
    description: `in pieces of ${sizes.join(', ')} bytes and the rest, ${ms} ms apart`,
    plan(data) {
      return splitBytes(data, sizes).flatMap((bytes, i): PeerAction[] => (i === 0 ? [{ kind: 'write', bytes }] : [{ kind: 'pause', ms }, { kind: 'write', bytes }]));
    },
  };
}
