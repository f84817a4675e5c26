// Checks for the udp-hello exercise (EXERCISES.md § udp-hello).
import { fail } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import { previewBytes } from '../harness/util/bytes.js';
import { expectEndsOnLine, expectRetryAfterLoss, LOSS_BOUND_MS, referenceClientScript, runClientScript, startUdpClient } from './expect/udp-client.js';
import { expectSeparateReplies, expectSurvives, referenceServerReplies, requestReply, type ReplyOf } from './expect/udp-server.js';
import { serverStartsCheck } from './expect/starts.js';

const HELLO = Buffer.from('hello ');
/** What a right server answers: `hello ` + the datagram. */
const replyOf: ReplyOf = (data) => Buffer.concat([HELLO, data]);
/** What the user types, and so what a server is sent: ASCII, then Chinese (UTF-8). */
const LINES = ['world', '你好，世界'];
/** 2000 ASCII bytes: recvfrom(1024) keeps the first 1024, which still decode. */
const OVERSIZE = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'.repeat(56).slice(0, 2000));
/** 你好 in GBK, as a client on a Chinese Windows console may send it: not UTF-8. */
const GBK = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]);

const SERVER_STARTS = 'server-starts';
const CLIENT_SENDS = 'client-sends-line';

/** What the reference server answers to the typed lines, one datagram at a time. */
const referenceReplies = referenceServerReplies('udp-hello', LINES);

/** What the reference client sends for the typed lines. */
const referenceClient = referenceClientScript('udp-hello', LINES, replyOf);

const server: Check[] = [
  serverStartsCheck('udp'),
  {
    id: 'server-replies-hello',
    title: "answers each datagram with 'hello ' + its text, to the sender, as the reference server does",
    role: 'server',
    tags: ['basic'],
    points: 4,
    dependsOn: SERVER_STARTS,
    baselines: [referenceReplies],
    hint: "Loop: data, addr = s.recvfrom(1024); s.sendto(b'hello ' + data, addr).",
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
    id: 'server-two-senders',
    title: 'answers two clients sending in turn, each at its own address',
    role: 'server',
    tags: ['concurrency'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: 'Reply to the address that came with each datagram (data, addr = recvfrom(1024)), not to the first client you heard from.',
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
      await expectSurvives(ctx, await ctx.startServer(), replyOf, {
        data: Buffer.alloc(0),
        what: 'an empty (zero-length) datagram',
      });
    },
  },
  {
    id: 'server-invalid-utf8',
    title: 'survives a datagram that is not UTF-8 and keeps answering',
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: "Any program may send you a datagram: reply b'hello ' + data with the bytes as they are, or decode with errors='replace'.",
    async run(ctx) {
      await expectSurvives(ctx, await ctx.startServer(), replyOf, {
        data: GBK,
        what: `${previewBytes(GBK)} (你好 in GBK, as a Chinese Windows console may send it; not UTF-8)`,
      });
    },
  },
  {
    id: 'server-oversize-datagram',
    title: 'survives a datagram larger than its 1024-byte buffer and keeps answering',
    role: 'server',
    tags: ['oversize'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: 'Each recvfrom(1024) returns one datagram, cut to 1024 bytes if it was longer: answer it as it is; the rest of a long datagram never comes.',
    async run(ctx) {
      await expectSurvives(ctx, await ctx.startServer(), replyOf, {
        data: OVERSIZE,
        what: `a ${OVERSIZE.length}-byte datagram`,
      });
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
    title: "sends each typed line as the reference client does and prints each reply ('hello …')",
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_SENDS,
    baselines: [referenceClient],
    hint: "Loop: line = input('请输入传输内容：'); sendto(line.encode('utf-8'), address); data, addr = recvfrom(1024); print('客户端接收信息为：' + data.decode('utf-8')).",
    async run(ctx) {
      const expected = await ctx.baseline(referenceClient);
      await runClientScript(ctx, 'submission', { lines: LINES, replyOf, expected: expected.sent });
    },
  },
  {
    id: 'client-ends-on-quit',
    title: 'ends by itself when the user types quit',
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_SENDS,
    hint: "Compare the line without its newline: input() strips it (sys.stdin.readline() keeps it, and 'quit\\n' != 'quit'); then break out of the loop and close the socket.",
    async run(ctx) {
      await expectEndsOnLine(ctx, 'quit', replyOf);
    },
  },
  {
    id: 'client-ends-on-empty-line',
    title: 'ends by itself when the user types an empty line',
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_SENDS,
    hint: "An empty line ends the client too: if not data or data == 'quit': break.",
    async run(ctx) {
      await expectEndsOnLine(ctx, '', replyOf);
    },
  },
];

export const udpHelloChecks: readonly Check[] = [...server, ...client];
