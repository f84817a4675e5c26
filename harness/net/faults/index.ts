// The fault registry: every fault by name, for scripted peers, scenarios and (later) the fault
// proxy. Adding a fault is a new file and a line here; no other fault changes.
import { slices } from './slices.js';
import { gaps } from './gaps.js';
import { closeAfter, halfClose, resetAfter, stall } from './cuts.js';
import { drop, duplicate, reorder } from './datagrams.js';
import { sendCap } from './send-cap.js';

export const streamFaults = { slices, gaps, 'reset-after': resetAfter, 'close-after': closeAfter, stall, 'half-close': halfClose } as const;
export const datagramFaults = { drop, duplicate, reorder } as const;
export const programFaults = { 'send-cap': sendCap } as const;

export { slices, gaps, closeAfter, halfClose, resetAfter, stall, drop, duplicate, reorder, sendCap };
export { createDatagramState, splitBytes, type DatagramFault, type DatagramState, type PeerAction, type ProgramFault, type StreamFault } from './fault.js';
