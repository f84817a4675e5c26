// Reads where a Python program made its socket calls, as the shim (sitecustomize.py) counted them:
// one "! site {json}" line in the events file per call site and process, and that site's counters
// in a 72-byte slot of <events>.sites.<pid>, a file the program keeps mapped in memory (current at
// any moment, and still there after a SIGKILL). Graders use it to say "your send() at server.py:12".
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { z } from 'zod';

export const RECV_CALLS = ['recv', 'recv_into', 'recvfrom', 'recvfrom_into'] as const;
export const SEND_CALLS = ['send', 'sendall', 'sendto'] as const;
export const SOCKET_CALLS = [...RECV_CALLS, ...SEND_CALLS, 'close', 'accept', 'connect', 'connect_ex'] as const;
export type SocketCall = (typeof SOCKET_CALLS)[number];

/** One place in the learner's source that makes one kind of socket call, with what those calls did. */
export interface CallSite {
  readonly call: SocketCall;
  /** Relative to the program's run folder (the submission's own layout): `server.py`, `src/server.py`. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** The line's text, stripped; empty when it could not be read. */
  readonly source: string;
  /**
   * The learner's line makes this call itself; false when it goes through the standard library
   * (a makefile()'s readline(), socketserver's accept()), so the line shows another call.
   */
  readonly direct: boolean;
  /** Calls made, counted when each starts (a call still blocked counts). */
  readonly count: number;
  /** Bytes the calls returned (receives) or sent (sends: what send() returned; sendall(): all it was given). */
  readonly bytes: number;
  /** Receives on a stream socket that returned b'' (the peer had closed). */
  readonly emptyReturns: number;
  /** Of those, the ones on a socket that had already returned b'' here: a loop that does not stop at b''. */
  readonly repeatedEmptyReturns: number;
  /** send() calls that sent fewer bytes than they were given. */
  readonly partialSends: number;
  /** The first of them: it sent `sent` of `size` bytes. */
  readonly firstPartialSend?: { readonly sent: number; readonly size: number };
  /**
   * Partial sends whose rest was never sent: the next send on that socket did not start with the
   * unsent bytes, or none came (yet). A loop that sends the rest leaves this at 0.
   */
  readonly unsentRests: number;
  /** When the first and the last call were made, in ms since the epoch (Date.now()). */
  readonly firstAt: number;
  readonly lastAt: number;
}

/** The shim's line for a new call site. */
const SiteLineSchema = z.object({
  pid: z.number().int(),
  slot: z.number().int(),
  call: z.enum(SOCKET_CALLS),
  file: z.string(),
  line: z.number().int().positive(),
  source: z.string(),
  direct: z.boolean(),
  at: z.number(),
});
type SiteLine = z.infer<typeof SiteLineSchema>;

export const SITE_LINE_PREFIX = '! site ';
/** Bytes per slot in the counters file: 8 unsigned 64-bit counters and a double (sitecustomize.py's _SLOT). */
export const SLOT_BYTES = 72;

interface Counters {
  readonly count: number;
  readonly bytes: number;
  readonly emptyReturns: number;
  readonly repeatedEmptyReturns: number;
  readonly partialSends: number;
  readonly partialSent: number;
  readonly partialSize: number;
  readonly unsentRests: number;
  readonly lastAt: number;
}

const NO_COUNTS: Counters = { count: 0, bytes: 0, emptyReturns: 0, repeatedEmptyReturns: 0, partialSends: 0, partialSent: 0, partialSize: 0, unsentRests: 0, lastAt: 0 };

/** Reads slot `slot` of a counters file's bytes; zeros where the file is shorter (not yet written). */
export function readSlot(buffer: Buffer, slot: number): Counters {
  const offset = slot * SLOT_BYTES;
  if (slot < 0 || offset + SLOT_BYTES > buffer.length) return NO_COUNTS;
  const u = (i: number) => Number(buffer.readBigUInt64LE(offset + i * 8));
  return {
    count: u(0),
    bytes: u(1),
    emptyReturns: u(2),
    repeatedEmptyReturns: u(3),
    partialSends: u(4),
    partialSent: u(5),
    partialSize: u(6),
    unsentRests: u(7),
    lastAt: buffer.readDoubleLE(offset + 64),
  };
}

/** The site lines of an events file's text; lines that are not site lines, or are cut short, are skipped. */
export function parseSiteLines(text: string): SiteLine[] {
  return text.split('\n').flatMap((line) => {
    if (!line.startsWith(SITE_LINE_PREFIX)) return [];
    try {
      const parsed = SiteLineSchema.safeParse(JSON.parse(line.slice(SITE_LINE_PREFIX.length)));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

/**
 * Every call site of one run, from its site lines and each process's counters, merged by
 * call, file and line (a forking server's children count in files of their own). First seen first.
 */
export function mergeCallSites(lines: readonly SiteLine[], countersOf: (pid: number) => Buffer | undefined): CallSite[] {
  const merged = new Map<string, CallSite>();
  const buffers = new Map<number, Buffer | undefined>();
  for (const site of lines) {
    if (!buffers.has(site.pid)) buffers.set(site.pid, countersOf(site.pid));
    const buffer = buffers.get(site.pid);
    const c = buffer ? readSlot(buffer, site.slot) : NO_COUNTS;
    const key = `${site.call}\0${site.file}\0${site.line}`;
    const before = merged.get(key);
    const firstPartialSend = before?.firstPartialSend ?? (c.partialSends > 0 ? { sent: c.partialSent, size: c.partialSize } : undefined);
    merged.set(key, {
      call: site.call,
      file: site.file,
      line: site.line,
      source: before?.source || site.source,
      direct: (before?.direct ?? false) || site.direct,
      count: (before?.count ?? 0) + c.count,
      bytes: (before?.bytes ?? 0) + c.bytes,
      emptyReturns: (before?.emptyReturns ?? 0) + c.emptyReturns,
      repeatedEmptyReturns: (before?.repeatedEmptyReturns ?? 0) + c.repeatedEmptyReturns,
      partialSends: (before?.partialSends ?? 0) + c.partialSends,
      ...(firstPartialSend ? { firstPartialSend } : {}),
      unsentRests: (before?.unsentRests ?? 0) + c.unsentRests,
      firstAt: Math.min(before?.firstAt ?? Infinity, site.at),
      lastAt: Math.max(before?.lastAt ?? 0, c.lastAt || site.at),
    });
  }
  return [...merged.values()];
}

/** The counters file of process `pid` for an events file. */
export function countersFileFor(eventsFile: string, pid: number): string {
  return `${eventsFile}.sites.${pid}`;
}

/** The call sites of one run; empty when the program was not Python (or made no socket call). */
export function readCallSites(eventsFile: string | undefined): CallSite[] {
  if (!eventsFile) return [];
  let text: string;
  try {
    text = readFileSync(eventsFile, 'utf8');
  } catch {
    return [];
  }
  let present: Set<string>;
  try {
    present = new Set(readdirSync(dirname(eventsFile)));
  } catch {
    present = new Set();
  }
  return mergeCallSites(parseSiteLines(text), (pid) => {
    const file = countersFileFor(eventsFile, pid);
    if (!present.has(basename(file))) return undefined;
    try {
      return readFileSync(file);
    } catch {
      return undefined;
    }
  });
}

/** `server.py:12`. */
export function siteWhere(site: Pick<CallSite, 'file' | 'line'>): string {
  return `${site.file}:${site.line}`;
}

export function isRecvCall(call: SocketCall): boolean {
  return (RECV_CALLS as readonly string[]).includes(call);
}

export function isSendCall(call: SocketCall): boolean {
  return (SEND_CALLS as readonly string[]).includes(call);
}
