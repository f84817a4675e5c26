// The call-site sentences in both languages, from an events file and counters written the way the
// shim writes them (no Python needed), and the evidence each one needs before it speaks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDroppedSend, describeSingleRecv, describeSpinSite, singleRecvSite } from '../../graders/expect/call-sites.js';
import type { Program } from '../../harness/process/program.js';
import { countersFileFor, readCallSites, SLOT_BYTES } from '../../harness/python/sites.js';

const dir = mkdtempSync(join(tmpdir(), 'sockgrade-sites-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Slot {
  readonly call: string;
  readonly line: number;
  readonly source: string;
  readonly direct?: boolean;
  readonly counts: readonly number[];
  readonly pid?: number;
}

let runs = 0;

/** A fake learner program whose shim wrote these sites: counts are calls, bytes, empties, repeats, partials, partial sent, partial size, unsent rests. */
function programWith(slots: readonly Slot[]): Program {
  const eventsFile = join(dir, `run-${runs++}.log`);
  const lines = slots.map((s, slot) => `! site ${JSON.stringify({ pid: s.pid ?? 100, slot, call: s.call, file: 'server.py', line: s.line, source: s.source, direct: s.direct ?? true, at: 1000 + slot })}`);
  writeFileSync(eventsFile, `bind ('', 1) -> ('', 2)\n${lines.join('\n')}\n! site {"cut short`);
  for (const pid of new Set(slots.map((s) => s.pid ?? 100))) {
    const buffer = Buffer.alloc(slots.length * SLOT_BYTES);
    slots.forEach((s, slot) => {
      if ((s.pid ?? 100) !== pid) return;
      s.counts.forEach((n, i) => buffer.writeBigUInt64LE(BigInt(n), slot * SLOT_BYTES + i * 8));
      buffer.writeDoubleLE(2000, slot * SLOT_BYTES + 64);
    });
    writeFileSync(countersFileFor(eventsFile, pid), buffer);
  }
  return { isLearners: true, options: { python: { eventsFile } } } as unknown as Program;
}

describe('call-site sentences', () => {
  it('a dropped rest, in English and Chinese', () => {
    const program = programWith([{ call: 'send', line: 12, source: 'conn.send(data)', counts: [3, 300, 0, 0, 3, 100, 1024, 3] }]);
    expect(describeDroppedSend(program)).toEqual({
      en: 'your send() at server.py:12 (conn.send(data)) sent 100 of 1,024 bytes, and the program went on without sending the rest (send() returns how many bytes it sent)',
      zh: '你在 server.py:12（conn.send(data)）调用的 send() 只发送了 1,024 字节中的 100 字节，程序没有发送剩下的部分就继续往下执行了（send() 的返回值是它实际发送的字节数）',
    });
  });

  it('no dropped rest for a loop that sent every rest, nor for a send made through the standard library', () => {
    expect(describeDroppedSend(programWith([{ call: 'send', line: 12, source: 'n = conn.send(data)', counts: [11, 1024, 0, 0, 10, 100, 1024, 0] }]))).toBeUndefined();
    expect(describeDroppedSend(programWith([{ call: 'send', line: 12, source: 'f.write(data)', direct: false, counts: [1, 100, 0, 0, 1, 100, 1024, 1] }]))).toBeUndefined();
  });

  it('one recv() for the first piece, in English and Chinese', () => {
    const program = programWith([{ call: 'recv', line: 8, source: 'data = conn.recv(1024)', counts: [1, 7] }, { call: 'sendall', line: 9, source: 'conn.sendall(data)', counts: [1, 7] }]);
    expect(describeSingleRecv(program, 'client', 7, 12)).toEqual({
      en: 'the client called recv() at server.py:8 (data = conn.recv(1024)) only once, and it returned the first 7 of the 12 bytes we sent',
      zh: '客户端在 server.py:8（data = conn.recv(1024)）只调用了一次 recv()，它只返回了我们发送的 12 字节中的前 7 字节',
    });
  });

  it('no single recv() when two lines could be it, one was called again, or the first piece was the whole message', () => {
    const two = programWith([{ call: 'recv', line: 8, source: 'a = s.recv(7)', counts: [1, 7] }, { call: 'recv', line: 9, source: 'b = s.recv(7)', counts: [1, 7] }]);
    expect(singleRecvSite(two, 7, 12)).toBeUndefined();
    expect(singleRecvSite(programWith([{ call: 'recv', line: 8, source: 'data = s.recv(1024)', counts: [2, 7] }]), 7, 12)).toBeUndefined();
    expect(singleRecvSite(programWith([{ call: 'recv', line: 8, source: 'data = s.recv(1024)', counts: [1, 12] }]), 12, 12)).toBeUndefined();
  });

  it('a loop on b\'\', in English and Chinese, and only past 100 repeats', () => {
    const program = programWith([{ call: 'recv', line: 9, source: 'data = conn.recv(1024)', counts: [48211, 0, 48211, 48210] }]);
    expect(describeSpinSite(program, 'the client closed its side', 88, 'kept-running')).toEqual({
      en: "after the client closed its side, the program kept running in a busy loop (88% of a CPU core): your loop called recv() at server.py:9 (data = conn.recv(1024)) 48,210 more times after it had returned b''",
      zh: "在the client closed its side之后，程序仍在一个忙循环中运行（占用一个 CPU 核心的 88%）：recv() 在 server.py:9（data = conn.recv(1024)）返回 b'' 之后，你的循环又调用了它 48,210 次",
    });
    expect(describeSpinSite(programWith([{ call: 'recv', line: 9, source: 'data = conn.recv(1024)', counts: [60, 0, 60, 59] }]), 'x', 88, 'kept-running')).toBeUndefined();
  });

  it('counts of one line in two processes add up; a line cut short is skipped', () => {
    const program = programWith([
      { call: 'recv', line: 8, source: 'got = a.recv(1)', counts: [1, 1], pid: 100 },
      { call: 'recv', line: 8, source: 'got = a.recv(1)', counts: [1, 1], pid: 101 },
    ]);
    const sites = readCallSites(program.options.python?.eventsFile);
    expect(sites).toHaveLength(1);
    expect(sites[0]).toMatchObject({ call: 'recv', file: 'server.py', line: 8, count: 2, bytes: 2, firstAt: 1000, lastAt: 2000 });
  });

  it('nothing for a program without the shim', () => {
    expect(readCallSites(undefined)).toEqual([]);
    expect(readCallSites(join(dir, 'missing.log'))).toEqual([]);
  });
});
