// Which transcript events get the learner's line: only those whose origin is certain.
import { describe, expect, it } from 'vitest';
import { attachSites, type ProgramSites } from '../../harness/check/transcript-sites.js';
import type { CallSite } from '../../harness/python/sites.js';
import type { TranscriptEvent } from '../../harness/results/schema.js';

function site(call: CallSite['call'], line: number, more: Partial<CallSite> = {}): CallSite {
  return {
    call, file: 'client.py', line, source: `code at ${line}`, direct: true, count: 1, bytes: 0, emptyReturns: 0,
    repeatedEmptyReturns: 0, partialSends: 0, unsentRests: 0, firstAt: 0, lastAt: 0, ...more,
  };
}

const event = (actor: string, kind: TranscriptEvent['kind'], bytes?: number): TranscriptEvent => ({ at: 0, actor, kind, text: '', ...(bytes !== undefined ? { bytes } : {}) });

/** The split echo: the client sends 12 bytes, we answer with 7 then 5, its one recv() returned 7. */
const splitEcho = [event('peer', 'accept'), event('peer', 'recv', 12), event('peer', 'send', 7), event('peer', 'send', 5), event('client', 'stdout', 20)];
const client: ProgramSites = { label: 'client', sites: [site('sendall', 6, { bytes: 12 }), site('recv', 7, { bytes: 7 })] };
const lines = (events: readonly TranscriptEvent[]) => events.map((e) => e.site?.line);

describe('attachSites', () => {
  it('marks what the only program sent and the pieces its one recv() read, not the piece it never read', () => {
    const marked = attachSites(splitEcho, { programs: [client], onlyProgram: client, protocol: 'tcp' });
    expect(lines(marked)).toEqual([undefined, 6, 7, undefined, undefined]);
    expect(marked[2]!.site).toEqual({ call: 'recv', file: 'client.py', line: 7, source: 'code at 7' });
  });

  it('marks nothing when two lines send, or a receive went through the standard library', () => {
    const twoSenders: ProgramSites = { label: 'client', sites: [site('send', 5), site('sendall', 6), site('recv_into', 7, { bytes: 7, direct: false })] };
    expect(lines(attachSites(splitEcho, { programs: [twoSenders], onlyProgram: twoSenders, protocol: 'tcp' }))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('marks peer events only when the learner\'s program is the check\'s only program', () => {
    expect(lines(attachSites(splitEcho, { programs: [client], protocol: 'tcp' }))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('counts no receive bytes for datagrams, which a short buffer cuts', () => {
    expect(lines(attachSites(splitEcho, { programs: [client], onlyProgram: client, protocol: 'udp' }))).toEqual([undefined, 6, undefined, undefined, undefined]);
  });

  it('marks the sends a proxy recorded under the program\'s label, unless two programs share it', () => {
    const events = [event('client', 'send', 12), event('reference server', 'send', 12)];
    expect(lines(attachSites(events, { programs: [client], protocol: 'tcp' }))).toEqual([6, undefined]);
    expect(lines(attachSites(events, { programs: [client, client], protocol: 'tcp' }))).toEqual([undefined, undefined]);
  });
});
