// Checks for the echo exercise (EXERCISES.md § echo).
import { fail } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import { defineBaseline } from '../harness/check/context.js';
import { describeByteMismatch, formatPythonBytes, previewBytes } from '../harness/util/bytes.js';
import { showsPayload } from './expect/output.js';
import { expectEnds, expectIdle, expectNoCrash, explainCrash } from './expect/process.js';
import { bytesSent, runPair } from './expect/pairing.js';
import { lazyPayload } from './expect/payload.js';
import { serverStartsCheck, clientConnectsCheck } from './expect/starts.js';
import { explainDroppedSend, explainSingleRecv } from './expect/call-sites.js';

const HELLO = Buffer.from('Hello, world');
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** 3 MiB and an odd tail: far more than one recv(1024), and not a round number of chunks. */
const oversize = lazyPayload(3 * 1024 * 1024 + 7, 'echo-oversize');
/** Each send() of the learner's server sends at most this much (Python shim), as a busy network may. */
const PARTIAL_SEND_CAP = 100;

const SERVER_STARTS = 'server-starts';

/** The reference client against the reference server: what both sides of a right pair do. */
const referencePair = defineBaseline('reference client with reference server', async (ctx) => {
  const run = await runPair(ctx, { server: 'reference', client: 'reference' });
  return { stdout: run.stdout, toClient: bytesSent(run.wire, 'toClient'), toServer: bytesSent(run.wire, 'toServer') };
});
const CLIENT_CONNECTS = 'client-connects';

const server: Check[] = [
  serverStartsCheck(),
  {
    id: 'server-echoes-reference-client',
    title: "echoes the reference client's b'Hello, world' exactly as the reference server does",
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    baselines: [referencePair],
    hint: "Loop: data = conn.recv(1024); if not data: break; conn.sendall(data).",
    async run(ctx) {
      const expected = await ctx.baseline(referencePair);
      const run = await runPair(ctx, { server: 'submission', client: 'reference' });
      const toClient = bytesSent(run.wire, 'toClient');
      if (!toClient.equals(expected.toClient)) {
        fail(`the server sent back ${previewBytes(toClient)}; the reference server sends ${previewBytes(expected.toClient)} (${describeByteMismatch(expected.toClient, toClient)})`, {
          expected: previewBytes(expected.toClient),
          actual: previewBytes(toClient),
        });
      }
      if (!run.exit) fail('the reference client did not finish: the server never closed the connection after the echo, or stopped answering');
      if (run.stdout !== expected.stdout) {
        fail('the reference client printed something different than with the reference server', { expected: expected.stdout, actual: run.stdout });
      }
    },
  },
  {
    id: 'server-echoes-all-bytes',
    title: 'echoes all 256 byte values unchanged',
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: 'Echo the bytes you received as they are; do not decode() them to text (not all bytes are UTF-8).',
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await explainCrash(program, 'on binary data', async () => {
        await peer.send(ALL_BYTES);
        await peer.readExactly(ALL_BYTES.length, ctx.timeouts.replyMs);
      }, peer);
      peer.expectReceived(ALL_BYTES, 'the echo of bytes 0x00..0xff');
    },
  },
  {
    id: 'server-echoes-byte-pieces',
    title: 'echoes a message that arrives one byte at a time',
    role: 'server',
    tags: ['partial'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: 'One recv() is not one message: keep calling recv() in a loop until it returns b\'\'.',
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await explainSingleRecv(program, 'server', 1, HELLO.length, async () => {
        await explainCrash(program, 'while the message arrived in pieces', async () => {
          await peer.sendInPieces(HELLO, 'bytes', { consumeBoundMs: ctx.timeouts.replyMs });
          await peer.readExactly(HELLO.length, ctx.timeouts.replyMs);
        }, peer);
        peer.expectReceived(HELLO, 'the echo of 12 one-byte pieces');
      });
    },
  },
  {
    id: 'server-echoes-split-utf8',
    title: 'echoes UTF-8 text whose characters are split across pieces',
    role: 'server',
    tags: ['partial'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: 'A piece may end in the middle of a character: echo bytes, or decode only the whole message, never each recv().',
    async run(ctx) {
      const text = Buffer.from('你好, world');
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await explainSingleRecv(program, 'server', 2, text.length, async () => {
        await explainCrash(program, 'when a UTF-8 character was split across two recv() calls', async () => {
          // 你 and 好 are 3 bytes each: pieces of 2, 2 and the rest cut through both.
          await peer.sendInPieces(text, [2, 2], { consumeBoundMs: ctx.timeouts.replyMs });
          await peer.readExactly(text.length, ctx.timeouts.replyMs);
        }, peer);
        peer.expectReceived(text, "the echo of '你好, world'");
      });
    },
  },
  {
    id: 'server-echoes-oversize',
    title: 'echoes 3 MiB intact even when send() sends only part',
    role: 'server',
    tags: ['oversize'],
    points: 1,
    dependsOn: SERVER_STARTS,
    timeoutMs: 40_000,
    hint: 'send() may send fewer bytes than you gave it and returns how many; sendall() sends everything.',
    async run(ctx) {
      const { program, address } = await ctx.startServer({ maxSendBytes: PARTIAL_SEND_CAP });
      const peer = await ctx.connect(address);
      const OVERSIZE = oversize();
      // Write everything, then FIN: a server that drops bytes closes early and we see it at once.
      // Generous overall bounds for a slow machine, but a program that stops moving bytes for the
      // reply bound fails then, not at the end.
      const sending = peer.send(OVERSIZE, { timeoutMs: 20_000, idleMs: ctx.timeouts.replyMs }).then(() => peer.shutdownWrite());
      const done = peer.readExactly(OVERSIZE.length, 20_000, { idleMs: ctx.timeouts.replyMs });
      await explainDroppedSend(program, async () => {
        await explainCrash(program, 'while echoing 3 MiB', () => Promise.all([sending, done]), peer);
        peer.expectReceived(OVERSIZE, 'the echo of 3 MiB');
      });
    },
  },
  {
    id: 'server-half-close',
    title: 'still echoes everything to a client that has shut down writing, then closes',
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "b'' means the client will send nothing more, not that it stopped listening: send what is left, then close.",
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await peer.send(HELLO);
      peer.shutdownWrite();
      const { data, kind } = await peer.readUntilClosed(ctx.timeouts.replyMs);
      if (!data.equals(HELLO)) {
        expectNoCrash(program, 'after the client shut down writing');
        fail(`after our FIN the server ${kind === 'reset' ? 'reset' : 'closed'} the connection having echoed ${previewBytes(data)} (${describeByteMismatch(HELLO, data)})`, {
          expected: previewBytes(HELLO),
          actual: previewBytes(data),
        });
      }
    },
  },
  {
    id: 'server-peer-leaves',
    title: 'closes the connection cleanly when the client leaves, without spinning',
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "When recv() returns b'' the client has gone: break out of the loop and close the connection.",
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await peer.send('ping');
      await peer.readExactly(4, ctx.timeouts.replyMs);
      peer.shutdownWrite();
      const closed = await peer.waitClosed(ctx.timeouts.replyMs);
      await expectIdle(program, 'the client closed its side');
      if (!closed) fail(`the server never closed the connection in ${ctx.timeouts.replyMs / 1000} s after the client closed its side`);
      expectNoCrash(program, 'after the client left');
    },
  },
];

const client: Check[] = [
  clientConnectsCheck(),
  {
    id: 'client-sends-and-prints',
    title: "sends b'Hello, world' to the reference server, prints the echo and ends by itself",
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    baselines: [referencePair],
    hint: "sendall(b'Hello, world'), then recv() until 12 bytes came back, print them, close the socket.",
    async run(ctx) {
      const expected = await ctx.baseline(referencePair);
      const run = await runPair(ctx, { server: 'reference', client: 'submission' });
      const toServer = bytesSent(run.wire, 'toServer');
      if (!toServer.equals(expected.toServer)) {
        fail(`the client sent ${previewBytes(toServer)}; the reference client sends ${previewBytes(expected.toServer)}`, {
          expected: previewBytes(expected.toServer),
          actual: previewBytes(toServer),
        });
      }
      if (!showsPayload(run.stdout, HELLO)) {
        fail("the client did not print the echoed 'Hello, world'", { expected: "a line showing Hello, world (e.g. Received b'Hello, world')", actual: run.stdout || '(nothing)' });
      }
      if (!run.exit) fail(`the client printed the echo but did not end within ${ctx.timeouts.exitMs / 1000} s`);
      expectNoCrash(run.client, 'after printing the echo');
    },
  },
  {
    id: 'client-collects-split-echo',
    title: "prints the whole echo when it arrives as b'Hello, ' then b'world'",
    role: 'client',
    tags: ['partial'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: 'One recv() may return part of the reply: keep receiving until you have all 12 bytes you sent.',
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      const message = await peer.readExactly(HELLO.length, ctx.timeouts.replyMs);
      // Echo what the client sent, in two pieces; the second only after it has read the first.
      await peer.sendInPieces(message, [7], { consumeBoundMs: ctx.timeouts.replyMs });
      // Like an echo server: once the client has said it is done sending, close after the echo
      // (a client that shuts down writing and reads to EOF is right too).
      void peer.waitClosed(ctx.timeouts.replyMs).then((kind) => kind && peer.close());
      const printed = await program.stdout.waitFor((text) => showsPayload(text, message), ctx.timeouts.replyMs);
      if (!printed) await explainSingleRecv(program, 'client', 7, message.length, async () => {
        const first = message.subarray(0, 7);
        const stoppedEarly = showsPayload(program.stdout.text(), first);
        fail(`the client printed ${JSON.stringify(program.stdout.text().trim() || '(nothing)')} instead of the whole echo${stoppedEarly ? ': it stopped after the first piece' : ''}`, {
          expected: `${previewBytes(message)} (e.g. Received ${formatPythonBytes(message)})`,
          actual: program.stdout.text().trim() || '(nothing)',
        });
      });
    },
  },
  {
    id: 'client-server-closes-early',
    title: 'ends (without spinning) when the server closes after part of the echo',
    role: 'client',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: "If recv() returns b'' the server has closed: stop waiting for more (break), report it, and end.",
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await peer.readExactly(HELLO.length, ctx.timeouts.replyMs);
      await peer.send('Hello');
      peer.close();
      await expectEnds(program, ctx.timeouts.exitMs, 'after the server closed the connection', "A loop like while len(data) < 12: data += s.recv(1024) never ends once recv() returns b''; break when it does.");
    },
  },
];

export const echoChecks: readonly Check[] = [...server, ...client];
