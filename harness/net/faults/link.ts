// Faults on a connection that flows (a proxy between two programs), rather than on one message a
// scripted peer sends. Data arrives in chunks the proxy does not choose, so a link fault plans one
// chunk at a time from where that chunk starts in the stream ("reset after 5 bytes" counts the
// whole direction, not each chunk). Each is built from the message faults (slices, latency, stall,
// reset-after, close-after) and, like them, pure: its state is passed in, so it is tested without
// sockets and the same unit serves every proxy.
//
// In a proxy, a plan's `shutdown-write` is a clean cut (FIN to both programs, nothing more passes
// either way) and `reset` resets both connections: what a middlebox that drops a connection does.
import type { PeerAction, StreamFault } from './fault.js';
import { slices } from './slices.js';
import { latency } from './latency.js';
import { closeAfter, resetAfter, stall } from './cuts.js';

/** Where one direction of a proxied connection is: bytes planned so far, and whether it was cut. */
export interface LinkState {
  forwarded: number;
  /** Chunks planned so far. */
  chunks: number;
  cut: boolean;
}

export function createLinkState(): LinkState {
  return { forwarded: 0, chunks: 0, cut: false };
}

export interface LinkFault {
  /** Registry name, also the tag of the checks that apply it: `sliced`, `latency`, `stall`, `reset`, `cut`. */
  readonly name: string;
  /** For transcripts and messages: "each piece in two halves, the second once the first was read". */
  readonly description: string;
  /** The actions that deliver `chunk`, which starts at byte `state.forwarded` of this direction. */
  apply(chunk: Buffer, state: LinkState): PeerAction[];
}

/** Plans one chunk and advances the state past it; after a cut nothing more is planned. */
export function planChunk(fault: LinkFault | undefined, chunk: Buffer, state: LinkState): PeerAction[] {
  if (state.cut) return [];
  const actions = fault ? fault.apply(chunk, state) : [{ kind: 'write', bytes: chunk } as const];
  state.forwarded += chunk.length;
  state.chunks++;
  if (actions.some((a) => a.kind === 'reset' || a.kind === 'shutdown-write')) state.cut = true;
  return actions;
}

/**
 * `sliced()`: every chunk is delivered in two halves, the second only once the receiver has read
 * the first, so one recv() returns half a message. `skipChunks` leaves the first chunks whole (a
 * header the protocol lets a learner read with one recv()).
 */
export function sliced(options: { readonly skipChunks?: number } = {}): LinkFault {
  const skip = options.skipChunks ?? 0;
  return {
    name: 'sliced',
    description: skip ? `after the first ${skip} piece${skip > 1 ? 's' : ''}, each piece in two halves, the second once the first was read` : 'each piece in two halves, the second once the first was read',
    apply(chunk, state) {
      if (state.chunks < skip) return [{ kind: 'write', bytes: chunk }];
      // After a sliced chunk, the next waits too: its first half must not join the last one's second half in one recv().
      const wait: PeerAction[] = state.chunks > skip ? [{ kind: 'await-consumed' }] : [];
      return [...wait, ...(chunk.length < 2 ? [{ kind: 'write', bytes: chunk } as const] : slices([Math.ceil(chunk.length / 2)]).plan(chunk))];
    },
  };
}

/** Every chunk delivered `ms` late. */
export function delayed(ms: number): LinkFault {
  const unit = latency(ms);
  return { name: 'latency', description: unit.description, apply: (chunk) => unit.plan(chunk) };
}

/** Applies a message fault that acts at byte `n` of the stream to the chunk that contains byte `n`. */
function atByte(name: string, n: number, description: string, unit: (offset: number) => StreamFault): LinkFault {
  return {
    name,
    description,
    apply(chunk, state) {
      const offset = n - state.forwarded;
      if (offset >= chunk.length) return [{ kind: 'write', bytes: chunk }];
      return unit(Math.max(0, offset)).plan(chunk);
    },
  };
}

/** Nothing for `ms` after the first `n` bytes of this direction, then the rest. */
export function stalled(n: number, ms: number): LinkFault {
  return atByte('stall', n, `stalled ${ms} ms after ${n} bytes`, (offset) => stall(offset, ms));
}

/** The connection reset (RST to both programs) after `n` bytes of this direction. */
export function resetAt(n: number): LinkFault {
  return atByte('reset', n, `reset (RST to both programs) after ${n} bytes`, (offset) => resetAfter(offset));
}

/** The connection cut cleanly (FIN to both programs) after `n` bytes of this direction. */
export function cutAt(n: number): LinkFault {
  return atByte('cut', n, `cut (FIN to both programs) after ${n} bytes`, (offset) => closeAfter(offset));
}
