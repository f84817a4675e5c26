// Datagram faults of a lossy network: drop, duplicate, reorder.
import type { DatagramFault } from './fault.js';

/** Drops datagrams number `which` (1-based, e.g. [1]: the first), delivers the others. */
export function drop(which: readonly number[] = [1]): DatagramFault {
  return {
    name: 'drop',
    description: `datagram${which.length > 1 ? 's' : ''} ${which.join(', ')} dropped`,
    apply(datagram, state) {
      state.seen++;
      return which.includes(state.seen) ? [] : [datagram];
    },
  };
}

/** Delivers datagram number `which` twice. */
export function duplicate(which = 1): DatagramFault {
  return {
    name: 'duplicate',
    description: `datagram ${which} delivered twice`,
    apply(datagram, state) {
      state.seen++;
      return state.seen === which ? [datagram, datagram] : [datagram];
    },
  };
}

/** Holds datagram number `which` back and delivers it after the next one (swaps the two). */
export function reorder(which = 1): DatagramFault {
  return {
    name: 'reorder',
    description: `datagram ${which} delivered after datagram ${which + 1}`,
    apply(datagram, state) {
      state.seen++;
      if (state.seen === which) {
        state.held.push(datagram);
        return [];
      }
      return [datagram, ...state.held.splice(0)];
    },
  };
}
