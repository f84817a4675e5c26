// An append-only, timestamped record of everything that happened during one check.
import { previewBytes } from './util/bytes.js';

export type { TranscriptEvent, TranscriptKind } from './results/schema.js';
import type { TranscriptEvent, TranscriptKind } from './results/schema.js';

/** Events beyond this are counted, not kept: a flooding program must not exhaust memory. */
const MAX_EVENTS = 2000;

export class Transcript {
  readonly #start = performance.now();
  readonly #events: TranscriptEvent[] = [];
  #dropped = 0;

  /** Milliseconds since the check started. */
  now(): number {
    return Math.round(performance.now() - this.#start);
  }

  add(actor: string, kind: TranscriptKind, text: string, bytes?: number): void {
    if (this.#events.length >= MAX_EVENTS) {
      this.#dropped++;
      return;
    }
    // Consecutive chunks of one stream are merged so a 1 MiB transfer stays one line.
    const last = this.#events[this.#events.length - 1];
    if (bytes !== undefined && last && last.actor === actor && last.kind === kind && last.bytes !== undefined && (last.bytes ?? 0) > 256) {
      this.#events[this.#events.length - 1] = { ...last, bytes: last.bytes + bytes, text: `${last.bytes + bytes} bytes` };
      return;
    }
    this.#events.push(bytes === undefined ? { at: this.now(), actor, kind, text } : { at: this.now(), actor, kind, text, bytes });
  }

  /** Records data moving over a socket or pipe. */
  addData(actor: string, kind: 'send' | 'recv' | 'stdin' | 'stdout' | 'stderr', data: Uint8Array): void {
    this.add(actor, kind, previewBytes(data), data.length);
  }

  events(): readonly TranscriptEvent[] {
    return this.#dropped === 0
      ? this.#events
      : [...this.#events, { at: this.now(), actor: 'harness', kind: 'note', text: `${this.#dropped} more events not recorded` }];
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
