// Checks for the udp-echo exercise (EXERCISES.md § udp-echo).
import { t } from '../harness/i18n/text.js';
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
const referenceReplies = referenceServerReplies('udp-echo', LINES, import.meta.url);

/** What the reference client sends for the typed lines. */
const referenceClient = referenceClientScript('udp-echo', LINES, replyOf, import.meta.url);

const server: Check[] = [
  serverStartsCheck('udp'),
  {
    id: 'server-echoes-lines',
    title: t('sends each datagram back unchanged to its sender, as the reference server does', '像参考服务器一样，把每个数据报原样发回给发送方'),
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    baselines: [referenceReplies],
    hint: t('Loop: data, addr = s.recvfrom(1024); s.sendto(data, addr).', '循环执行：data, addr = s.recvfrom(1024); s.sendto(data, addr)。'),
    async run(ctx) {
      const expected = await ctx.baseline(referenceReplies);
      const server = await ctx.startServer();
      const peer = await ctx.udp();
      for (const [i, line] of LINES.entries()) {
        const reply = await requestReply(ctx, server, peer, Buffer.from(line), i);
        const want = expected[i]!;
        if (!reply.equals(want)) {
          fail(t(
            `the server answered ${JSON.stringify(line)} with ${previewBytes(reply)}; the reference server answers ${previewBytes(want)}`,
            `服务器对 ${JSON.stringify(line)} 的回答是 ${previewBytes(reply)}；参考服务器的回答是 ${previewBytes(want)}`,
          ), {
            expected: previewBytes(want),
            actual: previewBytes(reply),
          });
        }
      }
    },
  },
  {
    id: 'server-echoes-all-bytes',
    title: t('echoes a datagram of all 256 byte values unchanged (not UTF-8 text)', '原样回显包含全部 256 种字节值的数据报（不是 UTF-8 文本）'),
    role: 'server',
    tags: ['basic', 'bad-input'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: t('Echo the bytes you received as they are; do not decode() them to text (not all bytes are UTF-8).', '把收到的字节原样发回；不要用 decode() 把它们转成文本（并非所有字节都是合法的 UTF-8）。'),
    async run(ctx) {
      const server = await ctx.startServer();
      const peer = await ctx.udp();
      const reply = await requestReply(ctx, server, peer, ALL_BYTES);
      if (!reply.equals(ALL_BYTES)) {
        fail(t(
          `the server answered bytes 0x00..0xff with ${previewBytes(reply)} (${describeByteMismatch(ALL_BYTES, reply)})`,
          `服务器对字节 0x00..0xff 的回答是 ${previewBytes(reply)}（${describeByteMismatch(ALL_BYTES, reply)}）`,
        ), {
          expected: previewBytes(ALL_BYTES),
          actual: previewBytes(reply),
        });
      }
    },
  },
  {
    id: 'server-two-senders',
    title: t('answers two clients sending in turn, each at its own address', '两个客户端轮流发送时，分别回答到各自的地址'),
    role: 'server',
    tags: ['concurrency'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      'Reply to the address that came with each datagram (data, client_addr = recvfrom(1024)), not to the first client you heard from.',
      '回复到每个数据报附带的地址（data, client_addr = recvfrom(1024)），而不是第一个给你发消息的客户端。',
    ),
    async run(ctx) {
      await expectSeparateReplies(ctx, await ctx.startServer(), replyOf);
    },
  },
  {
    id: 'server-empty-datagram',
    title: t('survives an empty (zero-length) datagram and keeps answering', '收到空的（长度为 0 的）数据报后不会出错，并继续回答'),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "In UDP an empty datagram is a message like any other, not the end of a connection: do not break out of the loop when recvfrom() returns b''.",
      "在 UDP 中，空数据报和其他消息一样只是一条消息，并不表示连接结束：recvfrom() 返回 b'' 时不要跳出循环。",
    ),
    async run(ctx) {
      await expectSurvives(ctx, await ctx.startServer(), replyOf, { data: Buffer.alloc(0), what: 'an empty (zero-length) datagram' });
    },
  },
  {
    id: 'server-oversize-datagram',
    title: t('survives a datagram larger than its 1024-byte buffer and keeps answering', '收到比 1024 字节缓冲区更大的数据报后不会出错，并继续回答'),
    role: 'server',
    tags: ['oversize'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      'Each recvfrom(1024) returns one datagram, cut to 1024 bytes if it was longer: echo it as it is; the rest of a long datagram never comes.',
      '每次 recvfrom(1024) 返回一个数据报，超过 1024 字节的部分会被截掉：照原样回显它即可；长数据报剩下的部分永远不会到达。',
    ),
    async run(ctx) {
      await expectSurvives(ctx, await ctx.startServer(), replyOf, { data: OVERSIZE, what: `a ${OVERSIZE.length}-byte datagram` });
    },
  },
];

const client: Check[] = [
  {
    id: CLIENT_SENDS,
    title: t('sends the typed line to the assigned server address', '把输入的一行发送到指定的服务器地址'),
    role: 'client',
    tags: ['basic'],
    points: 1,
    hint: t(
      "Read a line with input(), then sendto(line.encode('utf-8'), (host, port)) with the host and port you are given.",
      "用 input() 读入一行，然后用给定的主机和端口调用 sendto(line.encode('utf-8'), (host, port))。",
    ),
    async run(ctx) {
      await startUdpClient(ctx, LINES[0]!);
    },
  },
  {
    id: 'client-retries-lost-reply',
    title: t('sends the line again when its reply is lost, and prints the reply', '回复丢失时重新发送这一行，并打印回复'),
    role: 'client',
    tags: ['loss'],
    points: 1,
    // Declared early: it may wait LOSS_BOUND_MS, so it starts first and overlaps the other checks.
    dependsOn: CLIENT_SENDS,
    hint: t(
      'UDP may lose a datagram or its reply: settimeout(1) on the socket, and when recvfrom() raises socket.timeout, send the line again (a few tries) before giving up.',
      'UDP 可能丢失数据报或它的回复：对套接字调用 settimeout(1)，当 recvfrom() 抛出 socket.timeout 时重新发送这一行（重试几次）再放弃。',
    ),
    async run(ctx) {
      await expectRetryAfterLoss(ctx, replyOf, LOSS_BOUND_MS);
    },
  },
  {
    id: 'client-prints-replies',
    title: t("sends each typed line as the reference client does and prints each reply ('Data : …')", "像参考客户端一样发送输入的每一行，并打印每条回复（'Data : …'）"),
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_SENDS,
    baselines: [referenceClient],
    hint: t(
      "Loop: line = input('Please Input data > '); sendto(line.encode('utf-8'), server_addr); data, addr = recvfrom(1024); print('Data : ' + data.decode('utf-8')).",
      "循环执行：line = input('Please Input data > '); sendto(line.encode('utf-8'), server_addr); data, addr = recvfrom(1024); print('Data : ' + data.decode('utf-8'))。",
    ),
    async run(ctx) {
      const expected = await ctx.baseline(referenceClient);
      await runClientScript(ctx, 'submission', { lines: LINES, replyOf, expected: expected.sent });
    },
  },
];

export const udpEchoChecks: readonly Check[] = [...server, ...client];
