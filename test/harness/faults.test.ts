// Faults are pure units: their plans and datagram decisions are checked here without sockets.
import { describe, expect, it } from 'vitest';
import { closeAfter, createDatagramState, createLinkState, cutAt, datagramFaults, delayed, drop, duplicate, gaps, halfClose, latency, linkFaults, planChunk, programFaults, reorder, resetAfter, resetAt, sendCap, sliced, slices, stall, stalled, streamFaults, type LinkFault, type PeerAction } from '../../harness/net/faults/index.js';
import { FAULT_TAGS } from '../../harness/results/schema.js';

const HELLO = Buffer.from('Hello, world');

/** A plan as short strings: `w:Hello, ` `await` `pause:100` `fin` `rst`. */
function show(plan: readonly PeerAction[]): string[] {
  return plan.map((a) => (a.kind === 'write' ? `w:${a.bytes.toString()}` : a.kind === 'await-consumed' ? 'await' : a.kind === 'pause' ? `pause:${a.ms}` : a.kind === 'shutdown-write' ? 'fin' : 'rst'));
}

describe('stream faults', () => {
  it('slices: each next piece waits until the previous one was read', () => {
    expect(show(slices([7]).plan(HELLO))).toEqual(['w:Hello, ', 'await', 'w:world']);
    expect(show(slices([2, 2]).plan(Buffer.from('abcdef')))).toEqual(['w:ab', 'await', 'w:cd', 'await', 'w:ef']);
    expect(show(slices('bytes').plan(Buffer.from('abc')))).toEqual(['w:a', 'await', 'w:b', 'await', 'w:c']);
  });

  it('slices keeps a UTF-8 character split where it was cut', () => {
    const plan = slices([2]).plan(Buffer.from('你'));
    expect(plan.filter((a) => a.kind === 'write').map((a) => (a.kind === 'write' ? [...a.bytes] : []))).toEqual([[0xe4, 0xbd], [0xa0]]);
  });

  it('gaps: pieces with timed pauses between them', () => {
    expect(show(gaps([5], 100).plan(HELLO))).toEqual(['w:Hello', 'pause:100', 'w:, world']);
  });

  it('reset-after and close-after cut the stream after n bytes', () => {
    expect(show(resetAfter(5).plan(HELLO))).toEqual(['w:Hello', 'rst']);
    expect(show(resetAfter(0).plan(HELLO))).toEqual(['rst']);
    expect(show(closeAfter(7).plan(HELLO))).toEqual(['w:Hello, ', 'fin']);
  });

  it('stall pauses in the middle; half-close sends all then FIN', () => {
    expect(show(stall(5, 250).plan(HELLO))).toEqual(['w:Hello', 'pause:250', 'w:, world']);
    expect(show(halfClose().plan(HELLO))).toEqual(['w:Hello, world', 'fin']);
  });

  it('an empty message plans no write', () => {
    expect(show(slices([3]).plan(Buffer.alloc(0)))).toEqual([]);
  });
});

describe('latency', () => {
  it('delivers the data whole after a pause', () => {
    expect(show(latency(250).plan(HELLO))).toEqual(['pause:250', 'w:Hello, world']);
    expect(show(latency(250).plan(Buffer.alloc(0)))).toEqual([]);
  });
});

describe('link faults (a proxy plans each chunk from where it starts in the stream)', () => {
  /** Plans chunks in turn with one state, as one direction of a proxied connection does. */
  const flow = (fault: LinkFault | undefined, chunks: string[]) => {
    const state = createLinkState();
    return chunks.map((c) => show(planChunk(fault, Buffer.from(c), state)));
  };

  it('without a fault, each chunk passes as it came', () => {
    expect(flow(undefined, ['Hello', ', world'])).toEqual([['w:Hello'], ['w:, world']]);
  });

  it('sliced: each chunk in two halves, the second once the first was read; the next chunk waits too', () => {
    expect(flow(sliced(), ['Hello, world', 'abc'])).toEqual([['w:Hello,', 'await', 'w: world'], ['await', 'w:ab', 'await', 'w:c']]);
    expect(flow(sliced(), ['x'])).toEqual([['w:x']]);
  });

  it('sliced can leave a header chunk whole', () => {
    expect(flow(sliced({ skipChunks: 1 }), ['10007', 'abcd'])).toEqual([['w:10007'], ['w:ab', 'await', 'w:cd']]);
  });

  it('latency delays every chunk', () => {
    expect(flow(delayed(300), ['ab', 'cd'])).toEqual([['pause:300', 'w:ab'], ['pause:300', 'w:cd']]);
  });

  it('stall, reset and cut act at byte n of the whole direction, in whichever chunk holds it', () => {
    expect(flow(stalled(5, 1200), ['Hel', 'lo, world'])).toEqual([['w:Hel'], ['w:lo', 'pause:1200', 'w:, world']]);
    expect(flow(resetAt(5), ['Hel', 'lo, world', 'more'])).toEqual([['w:Hel'], ['w:lo', 'rst'], []]);
    expect(flow(cutAt(5), ['Hello', ', world'])).toEqual([['w:Hello'], ['fin'], ]);
    expect(flow(cutAt(0), ['Hello'])).toEqual([['fin']]);
  });

  it('after a cut nothing more is planned, and the state says so', () => {
    const state = createLinkState();
    planChunk(cutAt(2), Buffer.from('abc'), state);
    expect(state).toEqual({ forwarded: 3, chunks: 1, cut: true });
    expect(planChunk(cutAt(2), Buffer.from('def'), state)).toEqual([]);
  });
});

describe('datagram faults', () => {
  const run = (fault: ReturnType<typeof drop>, datagrams: string[]) => {
    const state = createDatagramState();
    return datagrams.flatMap((d) => fault.apply(Buffer.from(d), state).map(String));
  };

  it('drop loses the chosen datagrams only', () => {
    expect(run(drop([1]), ['a', 'b', 'c'])).toEqual(['b', 'c']);
    expect(run(drop([2, 3]), ['a', 'b', 'c', 'd'])).toEqual(['a', 'd']);
  });

  it('duplicate and reorder', () => {
    expect(run(duplicate(2), ['a', 'b', 'c'])).toEqual(['a', 'b', 'b', 'c']);
    expect(run(reorder(1), ['a', 'b', 'c'])).toEqual(['b', 'a', 'c']);
  });

  it('keeps its state outside the fault: two peers with one fault do not interfere', () => {
    const fault = drop([1]);
    expect(run(fault, ['a', 'b'])).toEqual(['b']);
    expect(run(fault, ['x', 'y'])).toEqual(['y']);
  });
});

describe('the registry', () => {
  it('names every fault by its own name', () => {
    const samples = { slices: slices([1]), gaps: gaps([1], 1), 'reset-after': resetAfter(1), 'close-after': closeAfter(1), stall: stall(1, 1), 'half-close': halfClose(), latency: latency(1) };
    expect(Object.keys(samples).sort()).toEqual(Object.keys(streamFaults).sort());
    for (const [name, fault] of Object.entries(samples)) expect(fault.name).toBe(name);
    for (const [name, create] of Object.entries(datagramFaults)) expect(create().name).toBe(name);
    expect(programFaults['send-cap'](100).name).toBe('send-cap');
    const links = { sliced: sliced(), latency: delayed(1), stall: stalled(1, 1), reset: resetAt(1), cut: cutAt(1) };
    expect(Object.keys(links).sort()).toEqual(Object.keys(linkFaults).sort());
    for (const [name, fault] of Object.entries(links)) expect(fault.name).toBe(name);
  });

  it('every fault a pair check applies has its tag, and every fault tag a fault', () => {
    expect([...Object.keys(linkFaults), ...Object.keys(datagramFaults)].sort()).toEqual([...FAULT_TAGS].sort());
  });

  it('send-cap reaches the program through the shim\'s environment', () => {
    expect(sendCap(100).environment()).toEqual({ SOCKGRADE_MAX_SEND: '100' });
  });
});
