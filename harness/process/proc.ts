// Linux /proc readers: process trees, their sockets and CPU time.
// Every function degrades to "nothing found" where /proc is absent (macOS, Windows)
// so callers can check `hasProcFs` and choose a fallback.
import { closeSync, existsSync, openSync, readFileSync, readdirSync, readlinkSync, readSync } from 'node:fs';

/**
 * Whether the Linux /proc tricks are available. SOCKGRADE_NO_PROCFS=1 pretends they are not, so
 * the fallbacks used on macOS and Windows are exercised by the test suite on Linux too.
 */
export const hasProcFs: boolean = process.platform === 'linux' && existsSync('/proc/self/net/tcp') && process.env.SOCKGRADE_NO_PROCFS !== '1';

/** Clock ticks per second for /proc/<pid>/stat times; 100 on every mainstream Linux build. */
const CLOCK_TICKS = 100;

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The pid and every live descendant (through /proc/<pid>/task/<tid>/children), parents first. */
export function listProcessTree(rootPid: number): number[] {
  const out = [rootPid];
  const seen = new Set(out);
  for (let i = 0; i < out.length; i++) {
    const pid = out[i]!;
    for (const tid of safeReaddir(`/proc/${pid}/task`)) {
      const text = safeRead(`/proc/${pid}/task/${tid}/children`);
      if (!text) continue;
      for (const child of text.trim().split(/\s+/)) {
        const n = Number(child);
        if (n > 0 && !seen.has(n)) {
          seen.add(n);
          out.push(n);
        }
      }
    }
  }
  return out.filter((pid) => existsSync(`/proc/${pid}`));
}

/** Socket inode numbers held open by one process. */
export function listSocketInodes(pid: number): Set<number> {
  const inodes = new Set<number>();
  for (const fd of safeReaddir(`/proc/${pid}/fd`)) {
    if (fd === '0' || fd === '1' || fd === '2') continue; // stdio: the harness's socketpairs
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(Number(m[1]));
    } catch {
      // fd closed between readdir and readlink
    }
  }
  return inodes;
}

export type SocketProtocol = 'tcp' | 'udp';

/** One row of /proc/<pid>/net/{tcp,tcp6,udp,udp6}. */
export interface SocketRow {
  readonly protocol: SocketProtocol;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Kernel state in hex: 01 ESTABLISHED, 08 CLOSE_WAIT, 0A LISTEN, 07 (UDP) unconnected. */
  readonly state: string;
  readonly txQueue: number;
  readonly rxQueue: number;
  readonly inode: number;
}

export const TCP_ESTABLISHED = '01';
export const TCP_SYN_SENT = '02';
export const TCP_CLOSE_WAIT = '08';
export const TCP_LISTEN = '0A';
export const UDP_UNCONNECTED = '07';

/** Decodes an address as the kernel prints it: 8 hex digits for IPv4, 32 for IPv6 (little-endian words). */
export function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    const n = parseInt(hex, 16);
    return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
  }
  if (hex.startsWith('0000000000000000FFFF0000')) return decodeAddress(hex.slice(24));
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((w) => [w.slice(6, 8), w.slice(4, 6), w.slice(2, 4), w.slice(0, 2)]);
  const groups: string[] = [];
  for (let i = 0; i < bytes.length; i += 2) groups.push(parseInt(bytes[i]! + bytes[i + 1]!, 16).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/**
 * The first row of the namespace's table that matches, reading the IPv4 table before the IPv6 one
 * and stopping at the row (see scanSocketTable: a whole table costs milliseconds).
 */
export function findSocketRow(pid: number | 'self', protocol: SocketProtocol, match: (row: SocketRow) => boolean): SocketRow | undefined {
  let found: SocketRow | undefined;
  for (const family of ['4', '6'] as const) {
    scanSocketTable(pid, protocol, family, (row) => {
      if (match(row)) found = row;
      return found !== undefined;
    });
    if (found) return found;
  }
  return undefined;
}

/** Reads the socket table of the network namespace `pid` lives in ('self' for ours), whole. */
export function readSocketTable(pid: number | 'self', protocol: SocketProtocol, family: '4' | '6' | 'both' = 'both'): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const f of family === 'both' ? (['4', '6'] as const) : [family]) {
    scanSocketTable(pid, protocol, f, (row) => {
      rows.push(row);
      return false;
    });
  }
  return rows;
}

/**
 * A read of /proc/<pid>/net/tcp costs the kernel a walk over its whole connection hash, which is
 * sized by the machine's memory, not by the namespace's few sockets: 2.5–5 ms on a 23 GB machine,
 * and the readiness and "has it read that piece?" polls do it hundreds of times per grading. The
 * kernel fills a read only as far as the bytes asked for, and resumes where it stopped, so asking
 * for about one row at a time lets a search stop where its row is (listening sockets come first).
 */
const ROW_BYTES = 150;
const scanBuffer = Buffer.alloc(ROW_BYTES);

/**
 * Visits the rows of one table of the namespace `pid` lives in, in the kernel's order, until
 * `stop` returns true. Nothing is visited where the table cannot be read.
 */
export function scanSocketTable(pid: number | 'self', protocol: SocketProtocol, family: '4' | '6', stop: (row: SocketRow) => boolean): void {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/net/${family === '4' ? protocol : `${protocol}6`}`, 'r');
  } catch {
    return;
  }
  try {
    let pending = '';
    let header = true;
    for (;;) {
      const n = readSync(fd, scanBuffer, 0, ROW_BYTES, null);
      if (n === 0) break;
      pending += scanBuffer.toString('latin1', 0, n);
      for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (header) {
          header = false;
          continue;
        }
        const row = parseSocketRow(protocol, line);
        if (row && stop(row)) return;
      }
    }
  } catch {
    // The namespace went away under us (its last process ended): no more rows.
  } finally {
    closeSync(fd);
  }
}

function parseSocketRow(protocol: SocketProtocol, line: string): SocketRow | undefined {
  const p = line.trim().split(/\s+/);
  if (p.length < 10) return undefined;
  const [localHex, localPortHex] = p[1]!.split(':');
  const [remoteHex, remotePortHex] = p[2]!.split(':');
  const [tx, rx] = p[4]!.split(':');
  return {
    protocol,
    localAddress: decodeAddress(localHex ?? ''),
    localPort: parseInt(localPortHex ?? '0', 16),
    remoteAddress: decodeAddress(remoteHex ?? ''),
    remotePort: parseInt(remotePortHex ?? '0', 16),
    state: p[3]!,
    txQueue: parseInt(tx ?? '0', 16),
    rxQueue: parseInt(rx ?? '0', 16),
    inode: Number(p[9]),
  };
}

/** Every socket of the protocol that the tree holds, in any state (the tables are read only as far as its sockets). */
export function listTreeSockets(rootPid: number, protocol: SocketProtocol): SocketRow[] {
  return findTreeSockets(rootPid, protocol, false);
}

/** Sockets owned by a process tree: which it listens on (TCP) or has bound (UDP). */
export function listBoundSockets(rootPid: number, protocol: SocketProtocol): SocketRow[] {
  return listTreeSockets(rootPid, protocol).filter((row) => (protocol === 'tcp' ? row.state === TCP_LISTEN : row.localPort !== 0));
}

/**
 * The TCP sockets the tree listens on, reading each table only as far as its listening sockets go.
 * The kernel prints every listening socket before any other (tcp_get_idx: the listening hash, then
 * the connection hash), so the first row in another state ends the search; a socket created but
 * not yet listening is in no table at all and would otherwise cost two whole walks per poll.
 * Relies on that order: a caller that waits polls listBoundSockets now and then as well.
 */
export function listListeningSockets(rootPid: number): SocketRow[] {
  return findTreeSockets(rootPid, 'tcp', true).filter((row) => row.state === TCP_LISTEN);
}

function findTreeSockets(rootPid: number, protocol: SocketProtocol, listeningSectionOnly: boolean): SocketRow[] {
  const inodes = new Set<number>();
  let tablePid: number | undefined;
  for (const pid of listProcessTree(rootPid)) {
    for (const inode of listSocketInodes(pid)) inodes.add(inode);
    if (inodes.size > 0) tablePid ??= pid;
  }
  if (tablePid === undefined) return [];
  const rows: SocketRow[] = [];
  for (const family of ['4', '6'] as const) {
    scanSocketTable(tablePid, protocol, family, (row) => {
      if (listeningSectionOnly && row.state !== TCP_LISTEN) return true;
      if (inodes.delete(row.inode)) rows.push(row);
      return inodes.size === 0;
    });
    if (inodes.size === 0) break;
  }
  return rows;
}

/** Whether a pid no longer runs code: gone, or a zombie waiting to be reaped. */
export function isDeadOrZombie(pid: number): boolean {
  const stat = safeRead(`/proc/${pid}/stat`);
  if (!stat) return true;
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

/** Processes sockgrade itself puts around a program (containment, limits, sandbox). */
const WRAPPER_NAMES = new Set(['setpriv', 'unshare', 'bwrap', 'prlimit']);

/**
 * Whether the program inside a tree has ended although the tree's root (our wrapper) may not have
 * been reaped yet: no process of the tree other than our wrappers can still run code.
 */
export function hasProgramEnded(rootPid: number): boolean {
  return listProcessTree(rootPid).every((pid) => isDeadOrZombie(pid) || WRAPPER_NAMES.has(safeRead(`/proc/${pid}/comm`)?.trim() ?? ''));
}

/** Waits (bounded) until every pid is gone or a zombie. */
export async function waitUntilDead(pids: readonly number[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (pids.some((p) => !isDeadOrZombie(p)) && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** CPU seconds (user + system) used so far by one live process, all its threads and its reaped children. */
export function readCpuSeconds(pid: number): number {
  const stat = safeRead(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime + stime, plus cutime + cstime: the CPU of children this process has already reaped.
  // Summed over a live tree that counts every process it ever ran (none twice: a reaped child is
  // no longer in the tree), so a relay of short-lived CPU burners cannot hide from a tree limit.
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

/** CPU seconds of a whole live tree. */
export function readTreeCpuSeconds(rootPid: number): number {
  return listProcessTree(rootPid).reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
}

/**
 * Whether any thread of the tree is running or waiting for a CPU (state R) right now. A busy loop
 * is R in every sample however loaded the machine is; a program blocked in recv() is S.
 */
export function isTreeRunnable(rootPid: number): boolean {
  for (const pid of listProcessTree(rootPid)) {
    for (const tid of safeReaddir(`/proc/${pid}/task`)) {
      const stat = safeRead(`/proc/${pid}/task/${tid}/stat`);
      if (stat && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'R') return true;
    }
  }
  return false;
}

/** The system call a thread is blocked in: its number as /proc prints it, or 'running'. */
export function readBlockedSyscall(pid: number, tid: number | string = pid): { readonly running: boolean; readonly nr?: string; readonly firstArgument?: string } | undefined {
  const stat = safeRead(`/proc/${pid}/task/${tid}/stat`);
  const syscall = safeRead(`/proc/${pid}/task/${tid}/syscall`)?.trim().split(' ');
  if (!stat || !syscall) return undefined;
  if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('R') || syscall[0] === 'running') return { running: true };
  return { running: false, ...(syscall[0] ? { nr: syscall[0] } : {}), ...(syscall[1] ? { firstArgument: syscall[1] } : {}) };
}

/** The processes of the tree with a thread blocked reading standard input (read(2) on fd 0). */
export function findStdinReaders(rootPid: number): number[] {
  // read(2) is syscall 0 on x86_64 and 63 on arm64.
  return listProcessTree(rootPid).filter((pid) =>
    safeReaddir(`/proc/${pid}/task`).some((tid) => {
      const call = readBlockedSyscall(pid, tid);
      return call !== undefined && (call.nr === '0' || call.nr === '63') && call.firstArgument === '0x0';
    }),
  );
}

/** Is some thread of the tree blocked reading its standard input (read(2) on fd 0)? */
export function isWaitingOnStdin(rootPid: number): boolean {
  return findStdinReaders(rootPid).length > 0;
}
