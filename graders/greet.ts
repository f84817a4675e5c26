// Checks for the greet exercise (EXERCISES.md § greet).
import { fail } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import { defineBaseline } from '../harness/check/context.js';
import { describeEnding } from '../harness/check/diagnose.js';
import { describeByteMismatch, previewBytes } from '../harness/util/bytes.js';
import { showsPayload } from './expect/output.js';
import { expectNoCrash } from './expect/process.js';
import { bytesSent } from './expect/pairing.js';
import { runOneReplyPair, expectPrintsWholeReply, expectReplyThenClose, expectServes, resetInAcceptQueue, sendReplyInPieces } from './expect/one-reply.js';
import { serverStartsCheck, clientConnectsCheck } from './expect/starts.js';

const GREETING = Buffer.from('成功连接到服务器 socket message', 'utf8');
/**
 * The greeting in pieces: 成功 (whole characters, so a single recv() prints just that), then 连
 * and the first byte of 接, then the rest: 接 is split across two recv() calls.
 */
const PIECES = [6, 4] as const;
const SEQUENTIAL_CLIENTS = 3;
const ORDINALS = ['first', 'second', 'third'];

const SERVER_STARTS = 'server-starts';
const CLIENT_CONNECTS = 'client-connects';
/** The happy paths: the other checks of a role are graded once it works (one bug, one lost check). */
const SERVER_GREETS = 'server-greets-reference-client';
const CLIENT_PRINTS = 'client-prints-greeting';

/** The reference client with the reference server: what a right client prints. */
const referencePair = defineBaseline('greet: reference client with reference server', async (ctx) => {
  const run = await runOneReplyPair(ctx, { server: 'reference', client: 'reference' });
  return { stdout: run.stdout };
});

const server: Check[] = [
  serverStartsCheck(),
  {
    id: SERVER_GREETS,
    title: 'sends 成功连接到服务器 socket message in UTF-8 to the reference client and closes the connection',
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    baselines: [referencePair],
    hint: "After accept(): conn.sendall('成功连接到服务器 socket message'.encode('utf-8')), then conn.close().",
    async run(ctx) {
      const expected = await ctx.baseline(referencePair);
      const run = await runOneReplyPair(ctx, { server: 'submission', client: 'reference' });
      const toClient = bytesSent(run.wire, 'toClient');
      if (!run.connected) throw new Error(`the reference client did not connect to the server: ${describeEnding(run.client)}`);
      if (!toClient.equals(GREETING)) {
        expectNoCrash(run.server.program, 'when the reference client connected');
        const encoding = toClient.length > 0 && toClient.toString('utf8').includes('\ufffd')
          ? " The bytes are not UTF-8: encode with .encode('utf-8'), the encoding the client decodes with."
          : '';
        const then = run.serverClosed ? '' : ` and then nothing for ${ctx.timeouts.replyMs / 1000} s, the connection still open`;
        fail(`the server sent ${previewBytes(toClient)}${then}; the reference server sends ${previewBytes(GREETING)} (${describeByteMismatch(GREETING, toClient)}).${encoding}`, {
          expected: previewBytes(GREETING),
          actual: previewBytes(toClient),
        });
      }
      if (!run.serverClosed) {
        fail(`the server sent the greeting but did not close the connection within ${ctx.timeouts.replyMs / 1000} s: the reference client reads until the server closes, so it is still waiting`, {
          hint: "Close the client socket (conn.close()) once the greeting is sent: the client reads until recv() returns b''.",
        });
      }
      if (!run.exit) throw new Error(`the reference client did not end after the server closed the connection`);
      if (run.stdout !== expected.stdout) {
        fail('the reference client printed something different than with the reference server', { expected: expected.stdout, actual: run.stdout });
      }
    },
  },
  {
    id: 'server-greets-clients-in-turn',
    title: 'greets three clients one after another, each after the previous one has left',
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_GREETS,
    hint: 'Put accept(), sendall() and close() in a while True loop, so that every client that connects gets its greeting.',
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      for (let i = 0; i < SEQUENTIAL_CLIENTS; i++) {
        const who = `the ${ORDINALS[i]} client`;
        const situation = i === 0 ? 'when the first client connected' : `after ${i === 1 ? 'one client' : `${i} clients`} had come and gone`;
        await expectServes(program, situation, async () => {
          const peer = await ctx.connect(address);
          await expectReplyThenClose(ctx, peer, GREETING, who);
          peer.close();
        });
      }
    },
  },
  {
    id: 'server-survives-reset',
    title: 'goes on greeting clients after one resets its connection before being greeted',
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_GREETS,
    hint: 'A client may be gone by the time you send: wrap the conversation in try/except OSError (ConnectionResetError, BrokenPipeError), close that socket and accept the next client.',
    async run(ctx) {
      const server = await ctx.startServer();
      await resetInAcceptQueue(ctx, server);
      await expectServes(server.program, 'after a client reset its connection', async () => {
        const peer = await ctx.connect(server.address);
        await expectReplyThenClose(ctx, peer, GREETING, 'the next client');
      });
    },
  },
];

const client: Check[] = [
  clientConnectsCheck(),
  {
    id: CLIENT_PRINTS,
    title: "prints the reference server's greeting 成功连接到服务器 socket message and ends by itself",
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    hint: "recv() until it returns b'', decode the bytes with .decode('utf-8'), print client receive message=..., close the socket.",
    async run(ctx) {
      const run = await runOneReplyPair(ctx, { server: 'reference', client: 'submission' });
      if (!showsPayload(run.stdout, GREETING)) {
        expectNoCrash(run.client, 'after the server sent the greeting');
        const printed = run.stdout.trim();
        const mojibake = printed.includes(' socket message') && !printed.includes('成功');
        fail(`the client did not print the greeting${mojibake ? ': the English part is there but the Chinese part came out garbled' : ''}`, {
          expected: `a line showing ${GREETING.toString('utf8')} (e.g. client receive message=${GREETING.toString('utf8')})`,
          actual: printed || '(nothing)',
          ...(mojibake ? { hint: "The server sends UTF-8: decode with .decode('utf-8'), not 'gbk' or another encoding." } : {}),
        });
      }
      if (!run.exit) fail(`the client printed the greeting but did not end within ${ctx.timeouts.exitMs / 1000} s after the server closed the connection`);
      expectNoCrash(run.client, 'after printing the greeting');
    },
  },
  {
    id: 'client-collects-split-greeting',
    title: 'prints the whole greeting when it arrives in pieces with a character split between two of them',
    role: 'client',
    tags: ['partial'],
    points: 1,
    dependsOn: CLIENT_PRINTS,
    hint: "One recv() may return part of the message, even half a character: collect the bytes until recv() returns b'', then decode them once.",
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await sendReplyInPieces(ctx, peer, GREETING, PIECES);
      await expectPrintsWholeReply(ctx, program, GREETING, GREETING.subarray(0, PIECES[0]), 'the greeting');
    },
  },
];

export const greetChecks: readonly Check[] = [...server, ...client];
