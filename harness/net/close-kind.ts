// Telling a FIN from an RST. libuv reports an RST that follows data as a plain 'end', so on 'end'
// we look our own socket up in /proc/self/net/tcp: CLOSE_WAIT means the peer sent FIN; a socket
// already gone from the table was reset.
import { findSocketRow, hasProcFs } from '../process/proc.js';

const TCP_CLOSE = '07';

export type CloseKind = 'fin' | 'reset';

export function classifyEnd(localPort: number, remotePort: number): CloseKind {
  if (!hasProcFs) return 'fin';
  const row = findSocketRow('self', 'tcp', (r) => r.localPort === localPort && r.remotePort === remotePort);
  // Gone from the table, or in CLOSE (07): the kernel tore it down on an RST. CLOSE_WAIT, or
  // TIME_WAIT/LAST_ACK/CLOSING after our own FIN, mean an orderly FIN.
  if (!row || row.state === TCP_CLOSE) return 'reset';
  return 'fin';
}

/**
 * Has the program read everything we sent on this connection? Looks at the program's end of the
 * connection (local port = our remote port) and its receive queue. `netnsPid` names a process in
 * the program's network namespace; by default ours.
 */
export function isConsumedByPeer(localPort: number, remotePort: number, netnsPid: number | 'self' = 'self'): boolean {
  const row = findSocketRow(netnsPid, 'tcp', (r) => r.localPort === remotePort && r.remotePort === localPort);
  return !row || row.rxQueue === 0 || row.state !== '01';
}
