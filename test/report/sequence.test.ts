// The sequence diagram model without a browser: transcript events in, lifelines and rows out.
import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../harness/results/schema.js';
import { createPreview, createSequenceDiagram, type SequenceRow } from '../../harness/report/sequence.js';

const b64 = (text: string | Uint8Array) => Buffer.from(text).toString('base64');
const data = (at: number, actor: string, kind: 'send' | 'recv' | 'stdin' | 'stdout' | 'stderr', text: string): TranscriptEvent => ({ at, actor, kind, text: JSON.stringify(text), bytes: Buffer.byteLength(text), data: b64(text) });
const ev = (at: number, actor: string, kind: TranscriptEvent['kind'], text: string): TranscriptEvent => ({ at, actor, kind, text });
const drawn = (rows: readonly SequenceRow[]) => rows.filter((r) => r.kind !== 'gap' && r.kind !== 'omitted');

describe('lifelines', () => {
  it('puts the graded program first, ours after it in order of appearance, and gives sockgrade\'s remarks none', () => {
    const diagram = createSequenceDiagram([
      ev(0, 'peer', 'listen', 'listening on 127.0.0.1:4000'),
      ev(5, 'client', 'spawn', 'python3 client.py'),
      ev(9, 'peer#2', 'connect', 'connected'),
      ev(10, 'harness', 'note', 'only the first 64 KiB were kept'),
    ], { role: 'client' });
    expect(diagram.lanes).toEqual([{ actor: 'client', kind: 'submission' }, { actor: 'peer', kind: 'peer' }, { actor: 'peer#2', kind: 'peer' }]);
    expect(diagram.rows.at(-1)).toMatchObject({ kind: 'mark', actor: 'harness', mark: 'note' });
  });

  it('has a lifeline for the graded program even when it recorded nothing itself', () => {
    const diagram = createSequenceDiagram([ev(1, 'peer', 'connect', 'connected to 127.0.0.1:4000'), data(2, 'peer', 'send', 'hi')], { role: 'server' });
    expect(diagram.lanes.map((l) => l.actor)).toEqual(['server', 'peer']);
    expect(diagram.rows[1]).toMatchObject({ kind: 'data', from: 'peer', to: 'server' });
  });
});

describe('arrows', () => {
  it('draws a send from the actor and a recv towards it, with the bytes as text', () => {
    const rows = drawn(createSequenceDiagram([ev(0, 'server', 'spawn', 'python3 server.py'), data(10, 'peer', 'send', 'ping'), data(12, 'peer', 'recv', 'ping\n')], { role: 'server' }).rows);
    expect(rows[1]).toMatchObject({ kind: 'data', from: 'peer', to: 'server', bytes: 4, preview: { form: 'text', text: 'ping', omittedBytes: 0 } });
    expect(rows[2]).toMatchObject({ kind: 'data', from: 'server', to: 'peer', bytes: 5, preview: { form: 'text', text: 'ping\\n' } });
  });

  it('draws each piece of a split message as its own arrow, with the time since the one before', () => {
    const rows = drawn(createSequenceDiagram([data(100, 'peer', 'send', 'H'), data(118, 'peer', 'send', 'e'), data(149, 'peer', 'send', 'l')], { role: 'server' }).rows);
    expect(rows.map((r) => r.kind === 'data' && [r.preview.text, r.pieces, r.sincePrevious])).toEqual([['H', 1, 0], ['e', 1, 18], ['l', 1, 31]]);
  });

  it('marks a long pause between two steps with a gap row', () => {
    const rows = createSequenceDiagram([data(0, 'peer', 'send', 'a'), data(50, 'peer', 'send', 'b'), data(1250, 'peer', 'send', 'c')], { role: 'server' }).rows;
    expect(rows.map((r) => r.kind)).toEqual(['data', 'data', 'gap', 'data']);
    expect(rows[2]).toEqual({ kind: 'gap', ms: 1200 });
  });

  it('tells a FIN or RST the actor sent from one it saw arrive', () => {
    const rows = drawn(createSequenceDiagram([
      ev(1, 'peer', 'fin', 'shut down writing (sent FIN); still reading'),
      ev(2, 'peer', 'reset', 'the server reset the connection'),
      ev(3, 'peer', 'fin', 'your client closed its side (FIN)'),
      ev(4, 'peer', 'reset', 'reset the connection (RST)'),
    ], { role: 'server' }).rows);
    expect(rows.map((r) => r.kind === 'signal' && `${r.signal} ${r.from}→${r.to}`)).toEqual(['fin peer→server', 'reset server→peer', 'fin server→peer', 'reset peer→server']);
  });

  it('draws an accept as the graded client connecting to our server', () => {
    const rows = drawn(createSequenceDiagram([ev(0, 'peer', 'listen', 'listening'), ev(4, 'peer', 'accept', 'accepted a connection from port 5000')], { role: 'client' }).rows);
    expect(rows[1]).toMatchObject({ kind: 'signal', signal: 'connect', from: 'client', to: 'peer' });
  });

  it('routes three actors (client, proxy, server) by the names in the events and by who spoke last', () => {
    const rows = drawn(createSequenceDiagram([
      ev(0, 'client', 'connect', 'connected to proxy'),
      ev(1, 'proxy', 'connect', 'connected to server'),
      { ...data(2, 'client', 'send', 'hello'), text: 'hello → proxy' },
      { ...data(3, 'proxy', 'send', 'hel'), text: '"hel" to server' },
      ev(4, 'proxy', 'fault', 'sliced the message after 3 bytes'),
      { ...data(5, 'server', 'send', 'HELLO'), text: '"HELLO" to proxy' },
    ], { role: 'client' }).rows);
    expect(createSequenceDiagram([ev(0, 'server', 'spawn', 's'), ev(1, 'client', 'spawn', 'c'), ev(2, 'proxy', 'listen', 'p')], { role: 'client' }).lanes.map((l) => l.actor)).toEqual(['client', 'proxy', 'server']);
    expect(rows.map((r) => ('from' in r ? `${r.from}→${r.to}` : `${r.actor}:${r.kind === 'mark' ? r.mark : r.kind}`))).toEqual([
      'client→proxy', 'proxy→server', 'client→proxy', 'proxy→server', 'proxy:fault', 'server→proxy',
    ]);
  });

  it('keeps the learner\'s call site on the arrow', () => {
    const site = { call: 'send', file: 'server.py', line: 14, source: 'conn.send(data)' };
    const rows = drawn(createSequenceDiagram([{ ...data(1, 'server', 'send', 'x'), site }], { role: 'server' }).rows);
    expect(rows[0]).toMatchObject({ kind: 'data', from: 'server', site });
  });
});

describe('large transfers', () => {
  it('summarises a long run of pieces as one arrow: bytes, pieces and time', () => {
    const piece = 65536;
    const events: TranscriptEvent[] = Array.from({ length: 128 }, (_, i) => ({ at: 100 + i * 3, actor: 'peer', kind: 'send' as const, text: `${piece} bytes`, bytes: piece, data: i === 0 ? b64(new Uint8Array(piece).fill(0x41)) : '' }));
    events.push({ at: 500, actor: 'peer', kind: 'send', text: '0 bytes', bytes: 0, data: '' });
    const rows = drawn(createSequenceDiagram(events, { role: 'server' }).rows);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'data', summarised: true, bytes: 8_388_608, pieces: 129, spanMs: 400, preview: { form: 'text' } });
    const preview = (rows[0] as SequenceRow & { kind: 'data' }).preview;
    expect(preview.text).toBe('A'.repeat(120));
    expect(preview.omittedBytes).toBe(8_388_608 - 120);
  });

  it('summarises one huge event and cuts its preview, counting what is not shown', () => {
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);
    const rows = drawn(createSequenceDiagram([{ at: 0, actor: 'peer', kind: 'send', text: '3145728 bytes', bytes: bytes.length, data: b64(bytes.subarray(0, 65536)) }], { role: 'server' }).rows);
    expect(rows[0]).toMatchObject({ kind: 'data', summarised: true, pieces: 1, preview: { form: 'hex', text: '00 07 0e 15 1c 23 2a 31 38 3f 46 4d 54 5b 62 69 70 77 7e 85', omittedBytes: 3 * 1024 * 1024 - 20 } });
  });

  it('draws short runs piece by piece', () => {
    const rows = drawn(createSequenceDiagram(Array.from({ length: 12 }, (_, i) => data(i, 'peer', 'send', 'x')), { role: 'server' }).rows);
    expect(rows).toHaveLength(12);
  });

  it('leaves out the middle of a very long transcript, saying how much', () => {
    const events = Array.from({ length: 400 }, (_, i) => ev(i, i % 2 ? 'peer' : 'server', 'note', `step ${i}`));
    const rows = createSequenceDiagram(events, { role: 'server', maxRows: 100 }).rows;
    expect(rows).toHaveLength(101);
    expect(rows[50]).toEqual({ kind: 'omitted', rows: 300 });
    expect(rows.at(-1)).toMatchObject({ text: 'step 399' });
  });
});

describe('previews', () => {
  it('shows bytes that are not text as hex', () => {
    expect(createPreview({ text: "b'\\xe4\\xbd'", bytes: 2, data: b64(new Uint8Array([0xe4, 0xbd])) })).toEqual({ form: 'hex', text: 'e4 bd', omittedBytes: 0 });
    expect(createPreview({ text: '', bytes: 3, data: b64(new Uint8Array([0x61, 0x00, 0x62])) }).form).toBe('hex');
  });

  it('writes newlines, tabs and backslashes as escapes so one arrow stays one line', () => {
    expect(createPreview({ text: '', bytes: 7, data: b64('a\tb\\c\r\n') }).text).toBe('a\\tb\\\\c\\r\\n');
  });

  it('shows UTF-8 text as text and cuts long text with a count of the bytes left out', () => {
    const long = '你好'.repeat(100);
    const preview = createPreview({ text: '', bytes: Buffer.byteLength(long), data: b64(long) }, 10);
    expect(preview).toEqual({ form: 'text', text: '你好你好你好你好你好', omittedBytes: 600 - 30 });
  });

  it('falls back to the recorded words when the bytes were counted but not kept', () => {
    expect(createPreview({ text: '"hi" to port 9', bytes: 2 })).toEqual({ form: 'described', text: '"hi" to port 9', omittedBytes: 0 });
    expect(createPreview({ text: 'b\'\\x00\'… (1024 bytes)', bytes: 1024, data: '' }).form).toBe('described');
  });

  it('keeps a learner\'s markup as plain characters (escaping is the renderer\'s job, and it does it)', () => {
    expect(createPreview({ text: '', bytes: 17, data: b64('<script>x</script>') }).text).toBe('<script>x</script>');
  });
});

describe('marks', () => {
  it('puts typed input, printed output and exits on the program\'s lifeline, naming a limit hit', () => {
    const rows = drawn(createSequenceDiagram([
      data(1, 'client', 'stdin', 'hello\n'),
      data(2, 'client', 'stdout', 'Received hello\n'),
      ev(3, 'client', 'exit', 'used more than 10 CPU seconds and was stopped (CPU limit)'),
      ev(4, 'server', 'exit', 'exited with code 0'),
    ], { role: 'client' }).rows);
    expect(rows.map((r) => (r.kind === 'io' ? `${r.actor} ${r.stream} ${r.preview.text}` : r.kind === 'mark' ? `${r.actor} ${r.mark}` : r.kind))).toEqual([
      'client stdin hello\\n', 'client stdout Received hello\\n', 'client limit', 'server exit',
    ]);
  });
});

describe('a pair through a proxy, as graded', () => {
  it("draws the proxy's legs (proxy→server, proxy→client) as one proxy lifeline whose arrows reach the programs", () => {
    const event = (at: number, actor: string, kind: TranscriptEvent['kind'], text: string, data?: string): TranscriptEvent => ({ at, actor, kind, text, ...(data !== undefined ? { data: Buffer.from(data).toString('base64'), bytes: Buffer.byteLength(data) } : {}) });
    const diagram = createSequenceDiagram([
      event(1, 'client', 'send', '"Hello, world"', 'Hello, world'),
      event(2, 'proxy→server', 'send', '"Hello,"', 'Hello,'),
      event(3, 'proxy', 'fault', 'sliced at byte 6 of client → server'),
      event(4, 'server', 'send', '"Hello, world"', 'Hello, world'),
      event(5, 'proxy→client', 'send', '"Hello,"', 'Hello,'),
    ], { role: 'pair' });
    expect(diagram.lanes.map((l) => l.actor)).toEqual(['client', 'proxy', 'server']);
    const arrows = diagram.rows.flatMap((r) => (r.kind === 'data' ? [`${r.from}→${r.to}`] : []));
    expect(arrows).toEqual(['client→proxy', 'proxy→server', 'server→proxy', 'proxy→client']);
  });
});
