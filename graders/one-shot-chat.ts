// Checks for the one-shot-chat exercise (EXERCISES.md § one-shot-chat). The protocol has no
// framing: the server takes what one recv() returns as the message. So a message that arrives in
// pieces is a robustness probe (no crash, no hang), not a correctness one.
import { fail } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import { defineBaseline } from '../harness/check/context.js';
import { describeEnding } from '../harness/check/diagnose.js';
import { describeByteMismatch, previewBytes } from '../harness/util/bytes.js';
import { showsPayload } from './expect/output.js';
import { expectIdle, expectNoCrash } from './expect/process.js';
import { bytesSent } from './expect/pairing.js';
import { runOneReplyPair, expectPrintsWholeReply, expectReplyThenClose, expectServes, resetInAcceptQueue, sendPiecesWhileOpen, sendReplyInPieces } from './expect/one-reply.js';
import type { CheckContext } from '../harness/check/context.js';
import type { Address } from '../harness/process/command.js';
import { serverStartsCheck, clientConnectsCheck } from './expect/starts.js';

const MESSAGE = Buffer.from('yaoyao', 'utf8');
const REPLY = Buffer.from('不要回答,不要回答,不要回答', 'utf8');
/**
 * The answer in pieces: 不要回答, (whole characters, so a single recv() prints just that), then 不
 * and the first byte of 要, then the rest: 要 is split across two recv() calls.
 */
const REPLY_PIECES = [13, 4] as const;
/** A chat message whose first piece ends inside 你 (3 bytes): the server's one recv() gets 2 bytes. */
const SPLIT_MESSAGE = Buffer.from('你好,yaoyao', 'utf8');
const SPLIT_AT = [2] as const;
const SEQUENTIAL_CLIENTS = 3;
/** How long a crashing server may take to show its exit and traceback. */
const CRASH_GRACE_MS = 300;
const ORDINALS = ['first', 'second', 'third'];

const SERVER_STARTS = 'server-starts';
const CLIENT_CONNECTS = 'client-connects';
/** The happy paths: the other checks of a role are graded once it works (one bug, one lost check). */
const SERVER_ANSWERS = 'server-answers-reference-client';
const CLIENT_PRINTS = 'client-sends-and-prints';

/** The reference client with the reference server: what a right pair sends and prints. */
const referencePair = defineBaseline('one-shot-chat: reference client with reference server', async (ctx) => {
  const run = await runOneReplyPair(ctx, { server: 'reference', client: 'reference' });
  return { stdout: run.stdout, toServer: bytesSent(run.wire, 'toServer') };
});

/** One client's whole conversation: sends yaoyao, gets the answer, and the server closes. */
async function chatOnce(ctx: CheckContext, address: Address, who: string): Promise<void> {
  const peer = await ctx.connect(address);
  await peer.send(MESSAGE);
  await expectReplyThenClose(ctx, peer, REPLY, who);
  peer.close();
}

const server: Check[] = [
  serverStartsCheck(),
  {
    id: SERVER_ANSWERS,
    title: "answers the reference client's yaoyao with 不要回答,不要回答,不要回答 in UTF-8 and closes the connection",
    role: 'server',
    tags: ['basic'],
    points: 4,
    dependsOn: SERVER_STARTS,
    baselines: [referencePair],
    hint: "After accept(): data = conn.recv(1024) once, then conn.sendall('不要回答,不要回答,不要回答'.encode('utf-8')) and conn.close().",
    async run(ctx) {
      const expected = await ctx.baseline(referencePair);
      const run = await runOneReplyPair(ctx, { server: 'submission', client: 'reference' });
      const toClient = bytesSent(run.wire, 'toClient');
      if (!run.connected) throw new Error(`the reference client did not connect to the server: ${describeEnding(run.client)}`);
      if (toClient.length === 0 && !run.serverClosed) {
        fail(`the reference client sent b'yaoyao' and waited; the server answered nothing in ${ctx.timeouts.replyMs / 1000} s and kept the connection open`, {
          hint: "The client sends one message and waits for the answer without closing: answer after one recv(). A loop that reads until recv() returns b'' waits forever here.",
        });
      }
      if (!toClient.equals(REPLY)) {
        expectNoCrash(run.server.program, "when the reference client sent b'yaoyao'");
        const encoding = toClient.length > 0 && toClient.toString('utf8').includes('\ufffd')
          ? " The bytes are not UTF-8: encode with .encode('utf-8'), the encoding the client decodes with."
          : '';
        const then = run.serverClosed ? '' : ` and then nothing for ${ctx.timeouts.replyMs / 1000} s, the connection still open`;
        fail(`the server answered ${previewBytes(toClient)}${then}; the reference server answers ${previewBytes(REPLY)} (${describeByteMismatch(REPLY, toClient)}).${encoding}`, {
          expected: previewBytes(REPLY),
          actual: previewBytes(toClient),
        });
      }
      if (!run.serverClosed) {
        fail(`the server answered but did not close the connection within ${ctx.timeouts.replyMs / 1000} s: the reference client reads until the server closes, so it is still waiting`, {
          hint: "Close the client socket (conn.close()) once the answer is sent: the client reads until recv() returns b''.",
        });
      }
      if (!run.exit) throw new Error(`the reference client did not end after the server closed the connection`);
      if (run.stdout !== expected.stdout) {
        fail('the reference client printed something different than with the reference server', { expected: expected.stdout, actual: run.stdout });
      }
    },
  },
  {
    id: 'server-answers-clients-in-turn',
    title: 'answers three clients one after another, each after the previous one has left',
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_ANSWERS,
    hint: 'Put accept(), recv(), sendall() and close() in a while True loop, so that every client that connects gets its answer.',
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      for (let i = 0; i < SEQUENTIAL_CLIENTS; i++) {
        const situation = i === 0 ? 'when the first client connected' : `after ${i === 1 ? 'one client' : `${i} clients`} had come and gone`;
        await expectServes(program, situation, () => chatOnce(ctx, address, `the ${ORDINALS[i]} client`));
      }
    },
  },
  {
    id: 'server-survives-silent-client',
    title: 'closes the connection of a client that sends nothing and leaves, then answers the next client',
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_ANSWERS,
    hint: "recv() returns b'' when the client left without a message: close that connection (answering is optional) and go back to accept(); do not end the server or wait for more.",
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const silent = await ctx.connect(address);
      silent.shutdownWrite();
      const closed = await silent.waitClosed(ctx.timeouts.replyMs);
      if (!closed) {
        await expectIdle(program, 'a client closed its side without sending anything');
        expectNoCrash(program, 'after a client closed without sending anything');
        fail(`a client closed its side without sending anything; the server kept that connection open for ${ctx.timeouts.replyMs / 1000} s instead of closing it`);
      }
      await expectServes(program, 'after a client left without sending anything', () => chatOnce(ctx, address, 'the next client'));
    },
  },
  {
    id: 'server-survives-reset',
    title: 'goes on answering clients after one resets its connection before being served',
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_ANSWERS,
    hint: 'A client may be gone by the time you recv(): wrap the conversation in try/except OSError (ConnectionResetError, BrokenPipeError), close that socket and accept the next client.',
    async run(ctx) {
      const server = await ctx.startServer();
      await resetInAcceptQueue(ctx, server);
      await expectServes(server.program, 'after a client reset its connection', () => chatOnce(ctx, server.address, 'the next client'));
    },
  },
  {
    id: 'server-survives-split-message',
    title: 'neither crashes nor hangs when a message arrives in pieces with a character split between them',
    role: 'server',
    tags: ['partial'],
    points: 1,
    dependsOn: SERVER_ANSWERS,
    hint: "One recv() may end in the middle of a character: decode with errors='replace' (or print the bytes), so one odd message cannot stop the server.",
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      // The answer may come after the first piece (one recv() is the message here): a server
      // that answers and closes before the second piece arrives is right.
      await sendPiecesWhileOpen(ctx, peer, SPLIT_MESSAGE, SPLIT_AT);
      const closed = await peer.waitClosed(ctx.timeouts.replyMs);
      if (program.mayBeEnding()) await program.settle(CRASH_GRACE_MS);
      expectNoCrash(program, `when a message arrived in pieces (${previewBytes(SPLIT_MESSAGE.subarray(0, SPLIT_AT[0]))} first, in the middle of 你)`);
      if (!closed) {
        await expectIdle(program, 'a message arrived in two pieces');
        fail(`a message arrived in two pieces and the server neither answered and closed nor did anything else for ${ctx.timeouts.replyMs / 1000} s`);
      }
      await expectServes(program, 'after a message arrived in pieces', () => chatOnce(ctx, address, 'the next client'));
    },
  },
];

const client: Check[] = [
  clientConnectsCheck(),
  {
    id: CLIENT_PRINTS,
    title: "sends yaoyao to the reference server, prints its answer 不要回答,不要回答,不要回答 and ends by itself",
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    baselines: [referencePair],
    hint: "sendall('yaoyao'.encode('utf-8')), then recv() until it returns b'', decode the answer with .decode('utf-8'), print it and close the socket.",
    async run(ctx) {
      const expected = await ctx.baseline(referencePair);
      const run = await runOneReplyPair(ctx, { server: 'reference', client: 'submission' });
      const toServer = bytesSent(run.wire, 'toServer');
      if (!toServer.equals(expected.toServer)) {
        expectNoCrash(run.client, "before it sent b'yaoyao'");
        fail(`the client sent ${previewBytes(toServer)}; the reference client sends ${previewBytes(expected.toServer)}`, {
          expected: previewBytes(expected.toServer),
          actual: previewBytes(toServer),
        });
      }
      if (!showsPayload(run.stdout, REPLY)) {
        expectNoCrash(run.client, 'after the server answered');
        fail("the client did not print the server's answer", {
          expected: `a line showing ${REPLY.toString('utf8')}`,
          actual: run.stdout.trim() || '(nothing)',
        });
      }
      if (!run.exit) fail(`the client printed the answer but did not end within ${ctx.timeouts.exitMs / 1000} s after the server closed the connection`);
      expectNoCrash(run.client, 'after printing the answer');
    },
  },
  {
    id: 'client-collects-split-answer',
    title: 'prints the whole answer when it arrives in pieces with a character split between two of them',
    role: 'client',
    tags: ['partial'],
    points: 1,
    dependsOn: CLIENT_PRINTS,
    hint: "One recv() may return part of the answer, even half a character: collect the bytes until recv() returns b'', then decode them once.",
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      // Whatever the client sends is its message (correctness is graded elsewhere): answer it.
      await peer.readUntil((data) => data.length > 0, 'a message', ctx.timeouts.replyMs);
      await sendReplyInPieces(ctx, peer, REPLY, REPLY_PIECES);
      await expectPrintsWholeReply(ctx, program, REPLY, REPLY.subarray(0, REPLY_PIECES[0]), 'the answer');
    },
  },
];

export const oneShotChatChecks: readonly Check[] = [...server, ...client];
