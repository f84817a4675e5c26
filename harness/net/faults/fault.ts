// What a fault is. A stream fault turns bytes a peer wants to send into a plan of actions (write
// a piece, wait until the program read it, pause, cut the connection); a datagram fault decides
// what becomes of each datagram (dropped, duplicated, held back). Faults are pure: they keep no
// state of their own (a datagram fault's state is passed in), so each is tested without sockets
// and the same unit serves a scripted peer now and a fault proxy later.

/** One step of a stream fault's plan, carried out by a peer (TcpPeer.perform). */
export type PeerAction =
  | { readonly kind: 'write'; readonly bytes: Buffer }
  /** Wait until the program has read everything written so far (its receive queue is empty). */
  | { readonly kind: 'await-consumed' }
  | { readonly kind: 'pause'; readonly ms: number }
  /** FIN: the program's recv() returns b'' once it has read the rest. */
  | { readonly kind: 'shutdown-write' }
  /** RST: the program's next recv()/send() fails with ECONNRESET. */
  | { readonly kind: 'reset' };

export interface StreamFault {
  /** Registry name, e.g. `slices`. */
  readonly name: string;
  /** For transcripts: "in pieces of 7, 5 bytes, each read before the next". */
  readonly description: string;
  plan(data: Buffer): PeerAction[];
}

/** Per-peer state of a datagram fault: how many datagrams it has seen, and any it holds back. */
export interface DatagramState {
  seen: number;
  held: Buffer[];
}

export function createDatagramState(): DatagramState {
  return { seen: 0, held: [] };
}

export interface DatagramFault {
  readonly name: string;
  readonly description: string;
  /** What to deliver for this datagram, in order: [] drops it, [d, d] duplicates it. */
  apply(datagram: Buffer, state: DatagramState): Buffer[];
}

export type { ProgramFault } from '../../process/program-fault.js';

/** Splits `data` at the given piece sizes; the last piece takes the rest. */
export function splitBytes(data: Buffer, sizes: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const size = Math.max(1, sizes[i] ?? data.length - offset);
    pieces.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}
