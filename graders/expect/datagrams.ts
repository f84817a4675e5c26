// Waiting for a datagram from a program that may end meanwhile: UDP has no connection whose close
// would tell us, so the program's exit is watched alongside the socket.
import type { Datagram, UdpPeer } from '../../harness/net/udp-peer.js';
import type { Program } from '../../harness/process/program.js';

/** Each wait on the socket is this short, so an exit is seen within it (and no waiter outlives it). */
const SLICE_MS = 50;

export type Arrival =
  | { readonly kind: 'datagram'; readonly datagram: Datagram }
  | { readonly kind: 'ended' }
  | { readonly kind: 'timeout' };

/**
 * The next datagram `peer` receives, or the end of `program` (whichever comes first), bounded by
 * `timeoutMs`. A datagram sent just before the end still counts.
 * `const got = await receiveOrEnd(peer, server.program, ctx.timeouts.replyMs)`
 */
export async function receiveOrEnd(peer: UdpPeer, program: Program, timeoutMs: number): Promise<Arrival> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const left = deadline - performance.now();
    // One receive at a time: an abandoned receive would take the next datagram for itself.
    const datagram = await peer.tryReceive(Math.max(0, Math.min(SLICE_MS, left)));
    if (datagram) return { kind: 'datagram', datagram };
    if (program.hasExited) {
      const last = await peer.tryReceive(SLICE_MS);
      return last ? { kind: 'datagram', datagram: last } : { kind: 'ended' };
    }
    if (left <= 0) return { kind: 'timeout' };
  }
}
