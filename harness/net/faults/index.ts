// The fault registry: every fault by name, for scripted peers, scenarios and (later) the fault
// proxy. Adding a fault is a new file and a line here; no other fault changes.
import { slices } from './slices.js';
import { gaps } from './gaps.js';
import { closeAfter, halfClose, resetAfter, stall } from './cuts.js';
import { drop, duplicate, reorder } from './datagrams.js';
import { sendCap } from './send-cap.js';
import { latency } from './latency.js';
import { cutAt, delayed, resetAt, sliced, stalled } from './link.js';

export const streamFaults = { slices, gaps, 'reset-after': resetAfter, 'close-after': closeAfter, stall, 'half-close': halfClose, latency } as const;
/** Faults on a flowing connection (the fault proxy), by the tag of the pair checks that apply them. */
export const linkFaults = { sliced, latency: delayed, stall: stalled, reset: resetAt, cut: cutAt } as const;
export const datagramFaults = { drop, duplicate, reorder } as const;
export const programFaults = { 'send-cap': sendCap } as const;

export { slices, gaps, closeAfter, halfClose, resetAfter, stall, latency, drop, duplicate, reorder, sendCap, sliced, delayed, stalled, resetAt, cutAt };
export { createLinkState, planChunk, type LinkFault, type LinkState } from './link.js';
export { createDatagramState, splitBytes, type DatagramFault, type DatagramState, type PeerAction, type ProgramFault, type StreamFault } from './fault.js';
