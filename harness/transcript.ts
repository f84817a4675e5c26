// An append-only, timestamped record of everything that happened during one check.
import { previewBytes } from './util/bytes.js';

export type { TranscriptEvent, TranscriptKind } from './results/schema.js';
import type { TranscriptEvent, TranscriptKind } from './results/schema.js';

/** Events beyond this are counted, not kept: a flooding program must not exhaust memory. */
const MAX_EVENTS = 2000;
/** Bytes of data kept per check (base64 in reports); beyond it data is counted, not kept. */
export const TRANSCRIPT_DATA_CAP = 64 * 1024;

type DataKind = 'send' | 'recv' | 'stdin' | 'stdout' | 'stderr';

interface Entry {
  readonly at: number;
  readonly actor: string;
  readonly kind: TranscriptKind;
  text: string;
  bytes?: number;
  /** The bytes kept of this event (data events only). */
  chunks?: Buffer[];
}

export class Transcript {
  readonly #start = performance.now();
  readonly #entries: Entry[] = [];
  #dropped = 0;
  #dataKept = 0;
  #dataCut = false;

  /** Milliseconds since the check started. */
  now(): number {
    return Math.round(performance.now() - this.#start);
  }

  add(actor: string, kind: TranscriptKind, text: string, bytes?: number): void {
    this.#append(actor, kind, text, bytes, undefined);
  }

  /** Records data moving over a socket or pipe: a preview, the byte count and (up to the cap) the bytes. */
  addData(actor: string, kind: DataKind, data: Uint8Array): void {
    const keep = Math.min(data.length, TRANSCRIPT_DATA_CAP - this.#dataKept);
    if (keep < data.length) this.#dataCut = true;
    this.#dataKept += keep;
    // A copy: the caller's buffer may be large or reused.
    this.#append(actor, kind, previewBytes(data), data.length, keep > 0 ? Buffer.from(data.subarray(0, keep)) : Buffer.alloc(0));
  }

  #append(actor: string, kind: TranscriptKind, text: string, bytes: number | undefined, data: Buffer | undefined): void {
    // Consecutive chunks of one stream are merged so a 1 MiB transfer stays one line.
    const last = this.#entries[this.#entries.length - 1];
    if (bytes !== undefined && last && last.actor === actor && last.kind === kind && last.bytes !== undefined && last.bytes > 256) {
      last.bytes += bytes;
      last.text = `${last.bytes} bytes`;
      if (data?.length) (last.chunks ??= []).push(data);
      return;
    }
    if (this.#entries.length >= MAX_EVENTS) {
      this.#dropped++;
      return;
    }
    const entry: Entry = { at: this.now(), actor, kind, text };
    if (bytes !== undefined) entry.bytes = bytes;
    if (data !== undefined) entry.chunks = data.length ? [data] : [];
    this.#entries.push(entry);
  }

  events(): readonly TranscriptEvent[] {
    const events: TranscriptEvent[] = this.#entries.map(({ at, actor, kind, text, bytes, chunks }) => ({
      at,
      actor,
      kind,
      text,
      ...(bytes !== undefined ? { bytes } : {}),
      ...(chunks !== undefined ? { data: Buffer.concat(chunks).toString('base64') } : {}),
    }));
    const at = this.now();
    if (this.#dataCut) events.push({ at, actor: 'harness', kind: 'note', text: `only the first ${TRANSCRIPT_DATA_CAP / 1024} KiB of data of this check were kept; later bytes were counted, not kept` });
    if (this.#dropped) events.push({ at, actor: 'harness', kind: 'note', text: `${this.#dropped} more events not recorded` });
    return events;
  }
}

/** Renders events as aligned lines: `  +12ms peer      send  "Hello" (5 bytes)`. */
export function formatTranscript(events: readonly TranscriptEvent[], limit = 60): string[] {
  const shown = events.length > limit ? [...events.slice(0, limit / 2), ...events.slice(-limit / 2)] : events;
  const width = Math.max(6, ...shown.map((e) => e.actor.length));
  const lines = shown.map((e) => {
    const bytes = e.bytes !== undefined && !e.text.endsWith(' bytes') && !e.text.includes('bytes)') ? ` (${e.bytes} bytes)` : '';
    return `${`+${e.at}ms`.padStart(8)} ${e.actor.padEnd(width)} ${e.kind.padEnd(6)} ${e.text}${bytes}`;
  });
  if (events.length > limit) lines.splice(limit / 2, 0, `         … ${events.length - limit} events omitted …`);
  return lines;
}
