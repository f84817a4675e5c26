// Checks for the udp-echo exercise (EXERCISES.md § udp-echo).
import { fail } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import { describeByteMismatch, previewBytes } from '../harness/util/bytes.js';
import { expectRetryAfterLoss, LOSS_BOUND_MS, referenceClientScript, runClientScript, startUdpClient } from './expect/udp-client.js';
import { expectSeparateReplies, expectSurvives, referenceServerReplies, requestReply, type ReplyOf } from './expect/udp-server.js';
import { serverStartsCheck } from './expect/starts.js';

/** What a right server answers: the datagram itself. */
const replyOf: ReplyOf = (data) => data;
/** What the user types, and so what a server is sent: ASCII, then Chinese (UTF-8). */
const LINES = ['Hello, world', '你好，世界'];
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** 2000 bytes of every value: recvfrom(1024) keeps the first 1024, and echoing those is fine. */
const OVERSIZE = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7) % 256));

const SERVER_STARTS = 'server-starts';
const CLIENT_SENDS = 'client-sends-line';

/** What the reference server answers to the typed lines, one datagram at a time. */
const referenceReplies = referenceServerReplies('udp-echo', LINES);

/** What the reference client sends for the typed lines. */
const referenceClient = referenceClientScript('udp-echo', LINES, replyOf);

const server: Check[] = [
  serverStartsCheck('udp'),
  {
    id: 'server-echoes-lines',
    title: 'sends each datagram back unchanged to its sender, as the reference server does',
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    baselines: [referenceReplies],
    hint: 'Loop: data, addr = s.recvfrom(1024); s.sendto(data, addr).',
    async run(ctx) {
      const expected = await ctx.baseline(referenceReplies);
      const server = await ctx.startServer();
      const peer = await ctx.udp();
      for (const [i, line] of LINES.entries()) {
        const reply = await requestReply(ctx, server, peer, Buffer.from(line), i);
        const want = expected[i]!;
        if (!reply.equals(want)) {
          fail(`the server answered ${JSON.stringify(line)} with ${previewBytes(reply)}; the reference server answers ${previewBytes(want)}`, {
            expected: previewBytes(want),
            actual: previewBytes(reply),
          });
        }
      }
    },
  },
  {
    id: 'server-echoes-all-bytes',
    title: 'echoes a datagram of all 256 byte values unchanged (not UTF-8 text)',
    role: 'server',
    tags: ['basic', 'bad-input'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: 'Echo the bytes you received as they are; do not decode() them to text (not all bytes are UTF-8).',
    async run(ctx) {
      const server = await ctx.startServer();
      const peer = await ctx.udp();
      const reply = await requestReply(ctx, server, peer, ALL_BYTES);
      if (!reply.equals(ALL_BYTES)) {
        fail(`the server answered bytes 0x00..0xff with ${previewBytes(reply)} (${describeByteMismatch(ALL_BYTES, reply)})`, {
          expected: previewBytes(ALL_BYTES),
          actual: previewBytes(reply),
        });
      }
    },
  },
  {
    id: 'server-two-senders',
    title: 'answers two clients sending in turn, each at its own address',
    role: 'server',
    tags: ['concurrency'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: 'Reply to the address that came with each datagram (data, client_addr = recvfrom(1024)), not to the first client you heard from.',
    async run(ctx) {
      await expectSeparateReplies(ctx, await ctx.startServer(), replyOf);
    },
  },
  {
    id: 'server-empty-datagram',
    title: 'survives an empty (zero-length) datagram and keeps answering',
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "In UDP an empty datagram is a message like any other, not the end of a connection: do not break out of the loop when recvfrom() returns b''.",
    async run(ctx) {
      await expectSurvives(ctx, await ctx.startServer(), replyOf, { data: Buffer.alloc(0), what: 'an empty (zero-length) datagram' });
    },
  },
  {
    id: 'server-oversize-datagram',
    title: 'survives a datagram larger than its 1024-byte buffer and keeps answering',
    role: 'server',
    tags: ['oversize'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: 'Each recvfrom(1024) returns one datagram, cut to 1024 bytes if it was longer: echo it as it is; the rest of a long datagram never comes.',
    async run(ctx) {
      await expectSurvives(ctx, await ctx.startServer(), replyOf, { data: OVERSIZE, what: `a ${OVERSIZE.length}-byte datagram` });
    },
  },
];

const client: Check[] = [
  {
    id: CLIENT_SENDS,
    title: 'sends the typed line to the assigned server address',
    role: 'client',
    tags: ['basic'],
    points: 1,
    hint: "Read a line with input(), then sendto(line.encode('utf-8'), (host, port)) with the host and port you are given.",
    async run(ctx) {
      await startUdpClient(ctx, LINES[0]!);
    },
  },
  {
    id: 'client-retries-lost-reply',
    title: 'sends the line again when its reply is lost, and prints the reply',
    role: 'client',
    tags: ['loss'],
    points: 1,
    // Declared early: it may wait LOSS_BOUND_MS, so it starts first and overlaps the other checks.
    dependsOn: CLIENT_SENDS,
    hint: 'UDP may lose a datagram or its reply: settimeout(1) on the socket, and when recvfrom() raises socket.timeout, send the line again (a few tries) before giving up.',
    async run(ctx) {
      await expectRetryAfterLoss(ctx, replyOf, LOSS_BOUND_MS);
    },
  },
  {
    id: 'client-prints-replies',
    title: "sends each typed line as the reference client does and prints each reply ('Data : …')",
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_SENDS,
    baselines: [referenceClient],
    hint: "Loop: line = input('Please Input data > '); sendto(line.encode('utf-8'), server_addr); data, addr = recvfrom(1024); print('Data : ' + data.decode('utf-8')).",
    async run(ctx) {
      const expected = await ctx.baseline(referenceClient);
      await runClientScript(ctx, 'submission', { lines: LINES, replyOf, expected: expected.sent });
    },
  },
];

export const udpEchoChecks: readonly Check[] = [...server, ...client];
