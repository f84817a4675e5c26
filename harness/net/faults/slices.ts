// `slices`: sends data in pieces, each next piece only once the program has read the previous, so
// its recv() returns exactly that piece: deterministic partial reads, even under load.
import { splitBytes, type PeerAction, type StreamFault } from './fault.js';

/** `slices([7])`: `Hello, ` then `world`; `slices('bytes')`: one byte per recv(). */
export function slices(sizes: readonly number[] | 'bytes'): StreamFault {
  return {
    name: 'slices',
    description: sizes === 'bytes' ? 'one byte at a time, each read before the next' : `in pieces of ${sizes.join(', ')} bytes and the rest, each read before the next`,
    plan(data) {
      const pieces = splitBytes(data, sizes === 'bytes' ? Array.from({ length: data.length }, () => 1) : sizes);
      return pieces.flatMap((bytes, i): PeerAction[] => (i === 0 ? [{ kind: 'write', bytes }] : [{ kind: 'await-consumed' }, { kind: 'write', bytes }]));
    },
  };
}
