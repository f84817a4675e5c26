// Marks the transcript's data events with the learner's line that made them (`TranscriptEvent.site`),
// only where that is certain: a program all of whose sends were made from one line of its own
// sent every byte it sent from that line; a program all of whose receives were made from one line
// read the first bytes of what a single peer sent there, as many as that line returned.
import type { TranscriptEvent } from '../results/schema.js';
import { isRecvCall, isSendCall, type CallSite } from '../python/sites.js';

/** One learner program of a check: its transcript label and its call sites. */
export interface ProgramSites {
  readonly label: string;
  readonly sites: readonly CallSite[];
}

export interface SiteContext {
  /** Every program of the check (ours included) is this one: every peer talks to it. */
  readonly onlyProgram?: ProgramSites;
  /** Every learner program of the check: the proxy records their sends under their label. */
  readonly programs: readonly ProgramSites[];
  /** Byte accounting of receives holds for a stream, not for datagrams (a long one is cut). */
  readonly protocol: 'tcp' | 'udp';
}

type Site = NonNullable<TranscriptEvent['site']>;

/** The one line of its own from which a program made calls of a family, if there is exactly one. */
function onlyLine(sites: readonly CallSite[], family: (call: CallSite['call']) => boolean): CallSite | undefined {
  const used = sites.filter((s) => family(s.call) && s.count > 0);
  return used.length === 1 && used[0]!.direct ? used[0] : undefined;
}

function siteOf(site: CallSite): Site {
  return { call: site.call, file: site.file, line: site.line, ...(site.source ? { source: site.source } : {}) };
}

const isPeer = (actor: string) => /^peer(#\d+)?$/.test(actor);

export function attachSites(events: readonly TranscriptEvent[], context: SiteContext): TranscriptEvent[] {
  const byLabel = new Map<string, Site>();
  for (const program of context.programs) {
    const send = onlyLine(program.sites, isSendCall);
    // Two programs under one label (a server started twice): whose bytes an event holds is not known.
    const shared = context.programs.filter((p) => p.label === program.label).length > 1;
    if (send && !shared) byLabel.set(program.label, siteOf(send));
  }
  const only = context.onlyProgram;
  const send = only ? onlyLine(only.sites, isSendCall) : undefined;
  const recv = only && context.protocol === 'tcp' ? onlyLine(only.sites, isRecvCall) : undefined;
  const senders = new Set(events.filter((e) => isPeer(e.actor) && e.kind === 'send').map((e) => e.actor));
  // What the one peer sent, in order: the line read from its first byte up to `recv.bytes`.
  let offered = 0;
  return events.map((event) => {
    if (event.site) return event;
    if (event.kind === 'send' && byLabel.has(event.actor)) return { ...event, site: byLabel.get(event.actor)! };
    if (!only || !isPeer(event.actor)) return event;
    if (event.kind === 'recv' && send) return { ...event, site: siteOf(send) };
    if (event.kind === 'send' && recv && senders.size === 1) {
      const start = offered;
      offered += event.bytes ?? 0;
      if (start < recv.bytes && (event.bytes ?? 0) > 0) return { ...event, site: siteOf(recv) };
    }
    return event;
  });
}
