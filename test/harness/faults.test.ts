// Faults are pure units: their plans and datagram decisions are checked here without sockets.
import { describe, expect, it } from 'vitest';
import { closeAfter, createDatagramState, datagramFaults, drop, duplicate, gaps, halfClose, programFaults, reorder, resetAfter, sendCap, slices, stall, streamFaults, type PeerAction } from '../../harness/net/faults/index.js';

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
    const samples = { slices: slices([1]), gaps: gaps([1], 1), 'reset-after': resetAfter(1), 'close-after': closeAfter(1), stall: stall(1, 1), 'half-close': halfClose() };
    expect(Object.keys(samples).sort()).toEqual(Object.keys(streamFaults).sort());
    for (const [name, fault] of Object.entries(samples)) expect(fault.name).toBe(name);
    for (const [name, create] of Object.entries(datagramFaults)) expect(create().name).toBe(name);
    expect(programFaults['send-cap'](100).name).toBe('send-cap');
  });

  it('send-cap reaches the program through the shim\'s environment', () => {
    expect(sendCap(100).environment()).toEqual({ SOCKGRADE_MAX_SEND: '100' });
  });
});
