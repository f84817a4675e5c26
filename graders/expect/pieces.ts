// Sending a request in pieces to a program that may answer before the request is complete.
import { isConsumedByPeer } from '../../harness/net/close-kind.js';
import type { TcpPeer } from '../../harness/net/tcp-peer.js';
import { canObserveKernel } from '../../harness/check/observe.js';

/** Without /proc we cannot see the program read; a gap lets its recv() return between pieces. */
const FALLBACK_GAP_MS = 50;

/** How sending a message in pieces went. */
export interface PiecesOutcome {
  /** Bytes handed to the kernel before we stopped. */
  readonly sentBytes: number;
  /** The program answered (or closed) before the last piece was sent. */
  readonly answeredEarly: boolean;
  /** The program left a piece unread for the bound without answering. */
  readonly stalled: boolean;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Sends `data` in pieces of `sizes` bytes (the rest as a last piece), each only once the program
 * has read the previous one (its receive queue in /proc is empty), so each recv() returns one
 * piece. Stops as soon as the program answers or closes: a server may answer before the whole
 * request came, and what we would write to a closed connection only provokes a reset.
 * `await sendUntilAnswered(peer, request, [8, 40, request.length - 49], ctx.timeouts.replyMs)`
 */
export async function sendUntilAnswered(peer: TcpPeer, data: Buffer, sizes: readonly number[], boundMs: number): Promise<PiecesOutcome> {
  const answered = () => peer.received().length > 0 || peer.closeKind !== undefined;
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    if (answered()) return { sentBytes: offset, answeredEarly: true, stalled: false };
    const size = sizes[i] ?? data.length - offset;
    await peer.send(data.subarray(offset, offset + size));
    offset += size;
    if (offset >= data.length) break;
    const read = await waitUntilRead(peer, boundMs, answered);
    // Let the event loop take in whatever the program sent meanwhile before deciding to go on.
    await nextTurn();
    if (!read && !answered()) return { sentBytes: offset, answeredEarly: false, stalled: true };
  }
  return { sentBytes: offset, answeredEarly: false, stalled: false };
}

async function waitUntilRead(peer: TcpPeer, boundMs: number, answered: () => boolean): Promise<boolean> {
  if (!canObserveKernel) {
    await new Promise((r) => setTimeout(r, FALLBACK_GAP_MS));
    return true;
  }
  const deadline = performance.now() + boundMs;
  while (!isConsumedByPeer(peer.localPort, peer.remotePort)) {
    if (answered() || performance.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 1));
  }
  return true;
}
