// A check's transcript as a sequence diagram's rows: who the lifelines are, and for each event
// an arrow between two of them (bytes, connect, FIN, RST) or a mark on one (spawn, exit, typed
// input, printed output, a fault). Pure and format-free, so the HTML report draws it and a
// terminal could too. Long runs of data are summarised and long data cut, each with a count.
import type { TranscriptEvent } from '../results/schema.js';

/** `submission`: the learner's program; `peer`: ours (peers, references, proxies). */
export type LaneKind = 'submission' | 'peer';

export interface Lane {
  readonly actor: string;
  readonly kind: LaneKind;
}

export type Site = NonNullable<TranscriptEvent['site']>;

/** The bytes shown for a data event: text when printable UTF-8, else hex, else the recorded words. */
export interface Preview {
  readonly form: 'text' | 'hex' | 'described';
  /** Text with \n, \r, \t written as escapes; hex as `e4 bd a0`; or the transcript's own words. */
  readonly text: string;
  /** Bytes not shown (cut for length, or counted but not kept). */
  readonly omittedBytes: number;
}

interface Timed {
  /** Milliseconds since the check started. */
  readonly at: number;
  /** Milliseconds since the row before (0 for the first). */
  readonly sincePrevious: number;
}

export type SequenceRow =
  | (Timed & {
      readonly kind: 'data';
      readonly from: string;
      readonly to: string;
      readonly bytes: number;
      /** Events merged into this row (more than one only when a long run was summarised). */
      readonly pieces: number;
      /** From the first piece to the last. */
      readonly spanMs: number;
      /** A large transfer drawn as one arrow with a count, not byte by byte. */
      readonly summarised: boolean;
      readonly preview: Preview;
      readonly site?: Site;
    })
  | (Timed & { readonly kind: 'signal'; readonly signal: 'connect' | 'fin' | 'reset'; readonly from: string; readonly to: string; readonly text: string; readonly site?: Site })
  | (Timed & { readonly kind: 'io'; readonly actor: string; readonly stream: 'stdin' | 'stdout' | 'stderr'; readonly bytes: number; readonly preview: Preview })
  | (Timed & {
      readonly kind: 'mark';
      readonly actor: string;
      readonly mark: 'spawn' | 'listen' | 'exit' | 'limit' | 'close' | 'error' | 'note' | 'fault';
      readonly text: string;
      readonly site?: Site;
    })
  /** A pause worth seeing between two rows. */
  | { readonly kind: 'gap'; readonly ms: number }
  /** Rows left out of a very long transcript. */
  | { readonly kind: 'omitted'; readonly rows: number };

export interface SequenceDiagram {
  readonly lanes: readonly Lane[];
  readonly rows: readonly SequenceRow[];
}

export interface SequenceOptions {
  /** The role graded in this check: its actor is the submission's lifeline. */
  readonly role?: string;
  /** Characters of text (or bytes of hex) shown per arrow. */
  readonly previewChars?: number;
  /** A run of consecutive data events from one actor to another is summarised past this many events… */
  readonly summariseAfterPieces?: number;
  /** …or past this many bytes. */
  readonly summariseAfterBytes?: number;
  /** A pause at least this long gets a gap row. */
  readonly gapMs?: number;
  /** At most this many rows; the middle of a longer transcript is left out. */
  readonly maxRows?: number;
}

const DEFAULTS = { previewChars: 120, summariseAfterPieces: 16, summariseAfterBytes: 16 * 1024, gapMs: 200, maxRows: 240 } as const;

const SUBMISSION_ACTORS = new Set(['server', 'client']);
/** The actor of sockgrade's own remarks: drawn across every lifeline, never as one. */
export const HARNESS = 'harness';
const NETWORK_KINDS = new Set(['connect', 'accept', 'send', 'recv', 'fin', 'reset']);
/** FIN/RST texts for a close the actor made itself; others ("the server closed its side") are observed. */
const OWN_CLOSE = /^(shut down|reset the connection|closed its side|closed the connection|sent )/i;
/** A limit named in an exit's text ("ended: CPU time limit", "used more than 1 GiB… (memory limit)"). */
const LIMIT = /\blimit\b/i;

/** The bytes as UTF-8, forgiving only a character cut at the end (by us or by the transcript's cap); undefined when not text. */
function decodeUtf8Prefix(bytes: Uint8Array, cutShort: boolean): string | undefined {
  for (let cut = 0; cut <= (cutShort ? Math.min(3, bytes.length - 1) : 0); cut++) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
    } catch {
      // try again without the last byte(s) of a split character
    }
  }
  return undefined;
}

/** Bytes as the learner should see them: printable UTF-8 as text, anything else as hex; cut at `max`. */
export function createPreview(event: Pick<TranscriptEvent, 'data' | 'bytes' | 'text'>, max: number = DEFAULTS.previewChars): Preview {
  const total = event.bytes ?? 0;
  if (event.data === undefined || (event.data === '' && total > 0)) {
    // Counted, not kept (past the transcript's cap, or a datagram): the recorded words, cut too.
    const chars = [...event.text];
    return { form: 'described', text: chars.length > max ? `${chars.slice(0, max).join('')}…` : event.text, omittedBytes: 0 };
  }
  const bytes = Buffer.from(event.data, 'base64');
  const head = bytes.subarray(0, Math.min(bytes.length, max * 4));
  // A whole piece that is half a character is not text (the learner should see the split bytes).
  const text = decodeUtf8Prefix(head, head.length < total);
  if (text !== undefined && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
    const chars = [...text];
    const shown = chars.slice(0, max).join('');
    const shownBytes = Buffer.byteLength(shown);
    return { form: 'text', text: shown.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t'), omittedBytes: Math.max(0, total - shownBytes) };
  }
  // Hex takes three characters a byte and reads slowly: fewer bytes.
  const hexBytes = Math.max(1, Math.floor(max / 6));
  const hex = bytes.subarray(0, hexBytes);
  return { form: 'hex', text: [...hex].map((b) => b.toString(16).padStart(2, '0')).join(' '), omittedBytes: Math.max(0, total - hex.length) };
}

/**
 * A relay's leg (`proxy→server`: what the proxy forwarded to the server) is the relay's own event
 * with its receiver named, so the diagram has one proxy lifeline and arrows that reach the program.
 */
function unfoldRelay(event: TranscriptEvent): TranscriptEvent {
  const leg = /^(.+?)→(.+)$/.exec(event.actor);
  if (!leg) return event;
  return { ...event, actor: leg[1]!, text: `to ${leg[2]!}: ${event.text}` };
}

/** The lifelines: the graded program first, then ours in order of appearance (sockgrade's remarks take none). */
function createLanes(events: readonly TranscriptEvent[], role: string | undefined): Lane[] {
  // sockgrade's own remarks are not a program: they span the diagram instead of taking a lifeline.
  const actors = [...new Set(events.map((e) => e.actor))].filter((a) => a !== HARNESS);
  if (role !== undefined && events.some((e) => NETWORK_KINDS.has(e.kind)) && !actors.includes(role)) actors.unshift(role);
  // Client and server both in the diagram (a pair through a proxy): client left, server right,
  // ours between them, so no arrow crosses a program it does not reach.
  const pair = actors.includes('client') && actors.includes('server');
  const rank = (actor: string) => (pair ? (actor === 'client' ? 0 : actor === 'server' ? 2 : 1) : actor === role ? 0 : 1);
  return actors
    .map((actor, i) => ({ actor, i }))
    .sort((a, b) => rank(a.actor) - rank(b.actor) || a.i - b.i)
    .map(({ actor }) => ({ actor, kind: SUBMISSION_ACTORS.has(actor) ? 'submission' : 'peer' }));
}

/** Whom an actor's network event is with: named in its text ("connected to reference server"), else the other side. */
function createCounterpartFinder(lanes: readonly Lane[], role: string | undefined) {
  const others = (actor: string) => lanes.filter((l) => l.actor !== actor);
  const submission = lanes.find((l) => l.actor === role) ?? lanes.find((l) => l.kind === 'submission');
  let lastPeerOfSubmission: string | undefined;
  return (event: TranscriptEvent): string => {
    const named = others(event.actor)
      .filter((l) => new RegExp(`(?:\\bto|→)\\s+(?:the\\s+)?${l.actor.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(event.text))
      .sort((a, b) => b.actor.length - a.actor.length)[0];
    let counterpart: string | undefined = named?.actor;
    if (counterpart === undefined && SUBMISSION_ACTORS.has(event.actor)) {
      counterpart = lastPeerOfSubmission ?? others(event.actor).find((l) => l.kind === 'peer')?.actor ?? others(event.actor)[0]?.actor;
    }
    if (counterpart === undefined) counterpart = submission && submission.actor !== event.actor ? submission.actor : (others(event.actor)[0]?.actor ?? role ?? 'program');
    if (!SUBMISSION_ACTORS.has(event.actor) && SUBMISSION_ACTORS.has(counterpart)) lastPeerOfSubmission = event.actor;
    else if (SUBMISSION_ACTORS.has(event.actor) && !SUBMISSION_ACTORS.has(counterpart)) lastPeerOfSubmission = counterpart;
    return counterpart;
  };
}

type Drawn = Exclude<SequenceRow, { kind: 'gap' } | { kind: 'omitted' }>;
type Untimed<R> = R extends Timed ? Omit<R, keyof Timed> : never;

function createRow(event: TranscriptEvent, counterpartOf: (e: TranscriptEvent) => string, previewChars: number): Untimed<Drawn> {
  const site = event.site ? { site: event.site } : {};
  switch (event.kind) {
    case 'send':
    case 'recv': {
      const other = counterpartOf(event);
      const [from, to] = event.kind === 'send' ? [event.actor, other] : [other, event.actor];
      return { kind: 'data', from, to, bytes: event.bytes ?? 0, pieces: 1, spanMs: 0, summarised: false, preview: createPreview(event, previewChars), ...site };
    }
    case 'connect':
      return { kind: 'signal', signal: 'connect', from: event.actor, to: counterpartOf(event), text: event.text, ...site };
    case 'accept':
      return { kind: 'signal', signal: 'connect', from: counterpartOf(event), to: event.actor, text: event.text, ...site };
    case 'fin':
    case 'reset': {
      const other = counterpartOf(event);
      const own = OWN_CLOSE.test(event.text);
      return { kind: 'signal', signal: event.kind, from: own ? event.actor : other, to: own ? other : event.actor, text: event.text, ...site };
    }
    case 'stdin':
    case 'stdout':
    case 'stderr':
      return { kind: 'io', actor: event.actor, stream: event.kind, bytes: event.bytes ?? 0, preview: createPreview(event, previewChars) };
    case 'exit':
      return { kind: 'mark', actor: event.actor, mark: LIMIT.test(event.text) ? 'limit' : 'exit', text: event.text, ...site };
    default:
      return { kind: 'mark', actor: event.actor, mark: event.kind, text: event.text, ...site };
  }
}

/** Folds long runs of data between the same two actors into one summarised arrow each. */
function summariseRuns(rows: readonly Drawn[], options: Required<SequenceOptions>): Drawn[] {
  const out: Drawn[] = [];
  let i = 0;
  while (i < rows.length) {
    const first = rows[i]!;
    let j = i + 1;
    if (first.kind === 'data') {
      while (j < rows.length) {
        const next = rows[j]!;
        if (next.kind !== 'data' || next.from !== first.from || next.to !== first.to) break;
        j++;
      }
    }
    const run = rows.slice(i, j) as (Drawn & { kind: 'data' })[];
    const bytes = run.reduce((sum, r) => sum + r.bytes, 0);
    if (first.kind === 'data' && (run.length > options.summariseAfterPieces || bytes > options.summariseAfterBytes)) {
      const last = run[run.length - 1]!;
      out.push({ ...first, bytes, pieces: run.length, spanMs: last.at - first.at, summarised: true, preview: { ...first.preview, omittedBytes: bytes - (first.bytes - first.preview.omittedBytes) } });
    } else {
      out.push(...run);
    }
    i = j;
  }
  return out;
}

/** The diagram of one check's transcript. */
export function createSequenceDiagram(recorded: readonly TranscriptEvent[], options: SequenceOptions = {}): SequenceDiagram {
  const settings = { ...DEFAULTS, role: options.role ?? '', ...options } as Required<SequenceOptions>;
  const events = recorded.map(unfoldRelay);
  // A pair check grades two programs: both are drawn as programs, no lane is named after the check's role.
  const role = options.role === 'pair' ? undefined : options.role;
  const lanes = createLanes(events, role);
  const counterpartOf = createCounterpartFinder(lanes, role);
  const drawn = events.map((e) => ({ ...createRow(e, counterpartOf, settings.previewChars), at: e.at, sincePrevious: 0 }) as Drawn);
  const timed = summariseRuns(drawn, settings).map((row, i, all) => ({ ...row, sincePrevious: i === 0 ? 0 : Math.max(0, row.at - rowEnd(all[i - 1]!)) }));
  // Lanes for counterparts no event was recorded by (a program that never spawned, say).
  const allLanes = [...lanes];
  for (const row of timed) {
    for (const actor of 'from' in row ? [row.from, row.to] : [row.actor]) {
      if (actor !== HARNESS && !allLanes.some((l) => l.actor === actor)) allLanes.push({ actor, kind: SUBMISSION_ACTORS.has(actor) ? 'submission' : 'peer' });
    }
  }
  let rows: SequenceRow[] = timed.flatMap((row, i) => (i > 0 && row.sincePrevious >= settings.gapMs ? [{ kind: 'gap' as const, ms: row.sincePrevious }, row] : [row]));
  if (rows.length > settings.maxRows) {
    const keep = Math.floor(settings.maxRows / 2);
    rows = [...rows.slice(0, keep), { kind: 'omitted', rows: rows.length - 2 * keep }, ...rows.slice(-keep)];
  }
  return { lanes: allLanes, rows };
}

function rowEnd(row: Drawn): number {
  return row.kind === 'data' ? row.at + row.spanMs : row.at;
}

/** Every lane an arrow or mark touches, for a renderer that needs the columns. */
export function laneIndex(diagram: SequenceDiagram, actor: string): number {
  return diagram.lanes.findIndex((l) => l.actor === actor);
}
