// A protocol bug's message names the learner's own line (file:line, as written in the mutant's
// source), for the three bugs where the shim's counts make it certain: a send() that dropped the
// rest, one recv() for a message that came in pieces, a loop calling recv() after b''. A program
// in another language keeps the message it had.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../harness/paths.js';
import type { CheckResult } from '../../harness/results/schema.js';
import { findLeftoverProcesses, fixturesDir, gradeFixture } from '../helpers/grade.js';

afterAll(() => {
  expect(findLeftoverProcesses()).toEqual([]);
});

/** `file:line` of the line of test/fixtures/<exercise>/<file> that contains `code`: read from the source, never a number typed here. */
function siteOf(exercise: string, file: string, code: string): string {
  const lines = readFileSync(join(fixturesDir(exercise), file), 'utf8').split('\n');
  const matching = lines.flatMap((l, i) => (l.includes(code) ? [i + 1] : []));
  if (matching.length !== 1) throw new Error(`${code} is on ${matching.length} lines of ${file}, not one`);
  return `${file}:${matching[0]}`;
}

async function failed(exercise: string, commands: Record<string, string>, check: string): Promise<CheckResult> {
  const report = await gradeFixture(exercise, commands, { only: [check] });
  const result = report.checks.find((c) => c.id === check);
  expect(result?.status, result?.message).toBe('failed');
  return result!;
}

async function messageOf(exercise: string, commands: Record<string, string>, check: string): Promise<string> {
  return (await failed(exercise, commands, check)).message;
}

describe.concurrent('the learner\'s line in a message', () => {
  describe('a send() that sent only part', () => {
    it('echo: the server\'s send() under the send cap', async () => {
      const message = await messageOf('echo', { server: 'python3 server-send-not-sendall.py' }, 'server-echoes-oversize');
      expect(message).toContain(`your send() at ${siteOf('echo', 'server-send-not-sendall.py', 'conn.send(data)')} (conn.send(data)) sent 100 of 1,024 bytes, and the program went on without sending the rest`);
    });

    it('file-transfer: the server\'s send() of each chunk of the 64 MiB file', async () => {
      const message = await messageOf('file-transfer', { server: 'python3 server-send-not-sendall.py' }, 'server-sends-oversize');
      expect(message).toContain('differs from the file at byte 1000:');
      expect(message).toContain(`your send() at ${siteOf('file-transfer', 'server-send-not-sendall.py', 'cSocket.send(chunk)')} (cSocket.send(chunk)) sent 1,000 of 65,536 bytes`);
    }, 120_000);
  });

  describe('one recv() for a message that came in pieces', () => {
    it('echo: the server', async () => {
      const message = await messageOf('echo', { server: 'python3 server-single-recv.py' }, 'server-echoes-byte-pieces');
      expect(message).toContain(`the server called recv() at ${siteOf('echo', 'server-single-recv.py', 'conn.recv(1024)')} (data = conn.recv(1024)) only once, and it returned the first 1 of the 12 bytes we sent`);
    });

    it('echo: the client, and its transcript shows which piece that line read', async () => {
      const result = await failed('echo', { client: 'python3 client-single-recv.py' }, 'client-collects-split-echo');
      const recv = siteOf('echo', 'client-single-recv.py', 's.recv(1024)');
      expect(result.message).toContain('it stopped after the first piece');
      expect(result.message).toContain(`the client called recv() at ${recv} (data = s.recv(1024)) only once, and it returned the first 7 of the 12 bytes we sent`);
      const pieces = result.transcript.filter((e) => e.actor === 'peer' && e.kind === 'send');
      expect(pieces.map((e) => e.site && `${e.site.file}:${e.site.line}`)).toEqual([recv, undefined]);
      const echoed = result.transcript.find((e) => e.actor === 'peer' && e.kind === 'recv');
      expect(echoed?.site).toMatchObject({ call: 'sendall', source: "s.sendall(b'Hello, world')" });
    });

    it('file-transfer: the server reading the acknowledgement', async () => {
      const message = await messageOf('file-transfer', { server: 'python3 server-single-recv-ack.py' }, 'server-reads-whole-ack');
      expect(message).toContain("after reading only b'Ready'");
      expect(message).toContain(`the server called recv() at ${siteOf('file-transfer', 'server-single-recv-ack.py', 'ack = cSocket.recv(1024)')} (ack = cSocket.recv(1024)) only once, and it returned the first 5 of the 18 bytes we sent`);
    });

    it('greet: the client', async () => {
      const message = await messageOf('greet', { client: 'python3 client-single-recv.py' }, 'client-collects-split-greeting');
      expect(message).toContain(`the client called recv() at ${siteOf('greet', 'client-single-recv.py', 'client.recv(1024)')}`);
    });

    it('one-shot-chat: the client', async () => {
      const message = await messageOf('one-shot-chat', { client: 'python3 client-single-recv.py' }, 'client-collects-split-answer');
      expect(message).toContain(`the client called recv() at ${siteOf('one-shot-chat', 'client-single-recv.py', 'sk.recv(1024)')}`);
    });
  });

  describe('a loop calling recv() after it returned b\'\'', () => {
    it('echo: the server, after the client left (expectIdle)', async () => {
      const message = await messageOf('echo', { server: 'python3 server-no-empty-check.py' }, 'server-peer-leaves');
      expect(message).toMatch(new RegExp(`busy loop .*: your loop called recv\\(\\) at ${escape(siteOf('echo', 'server-no-empty-check.py', 'conn.recv(1024)'))} \\(data = conn.recv\\(1024\\)\\) [\\d,]+ more times after it had returned b''`));
      const times = Number(/ ([\d,]+) more times/.exec(message)![1]!.replaceAll(',', ''));
      expect(times).toBeGreaterThanOrEqual(100);
    });

    it('echo: the client, which never ends (expectEnds)', async () => {
      const message = await messageOf('echo', { client: 'python3 client-spins-on-close.py' }, 'client-server-closes-early');
      expect(message).toContain(`did not end by itself`);
      expect(message).toContain(`your loop called recv() at ${siteOf('echo', 'client-spins-on-close.py', 's.recv(1024)')} (data += s.recv(1024))`);
    });

    it('file-transfer: the server waiting for the acknowledgement', async () => {
      const message = await messageOf('file-transfer', { server: 'python3 server-ack-loop-spins.py' }, 'server-client-leaves-before-ack');
      expect(message).toContain(`your loop called recv() at ${siteOf('file-transfer', 'server-ack-loop-spins.py', 'cSocket.recv(')}`);
    });
  });

  describe('a program in another language', () => {
    it('keeps the message it had, without a line', async () => {
      const dir = join(projectRoot, 'test', 'fixtures', 'call-sites');
      const report = await gradeFixture('echo', { client: 'node client-single-read.mjs' }, { only: ['client-collects-split-echo'], dir });
      const result = report.checks.find((c) => c.id === 'client-collects-split-echo')!;
      expect(result.status).toBe('failed');
      expect(result.message).toBe('the client printed "Received Hello," instead of the whole echo: it stopped after the first piece');
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
