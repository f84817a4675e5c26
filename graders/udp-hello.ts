// Checks for the udp-hello exercise (EXERCISES.md § udp-hello).
import { t } from '../harness/i18n/text.js';
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
const referenceReplies = referenceServerReplies('udp-hello', LINES, import.meta.url);

/** What the reference client sends for the typed lines. */
const referenceClient = referenceClientScript('udp-hello', LINES, replyOf, import.meta.url);

const server: Check[] = [
  serverStartsCheck('udp'),
  {
    id: 'server-replies-hello',
    title: t("answers each datagram with 'hello ' + its text, to the sender, as the reference server does", "像参考服务器一样，用 'hello ' 加上数据报的内容回答每个数据报，发回给发送方"),
    role: 'server',
    tags: ['basic'],
    points: 4,
    dependsOn: SERVER_STARTS,
    baselines: [referenceReplies],
    hint: t("Loop: data, addr = s.recvfrom(1024); s.sendto(b'hello ' + data, addr).", "循环执行：data, addr = s.recvfrom(1024); s.sendto(b'hello ' + data, addr)。"),
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
    id: 'server-two-senders',
    title: t('answers two clients sending in turn, each at its own address', '两个客户端轮流发送时，分别回答到各自的地址'),
    role: 'server',
    tags: ['concurrency'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      'Reply to the address that came with each datagram (data, addr = recvfrom(1024)), not to the first client you heard from.',
      '回复到每个数据报附带的地址（data, addr = recvfrom(1024)），而不是第一个给你发消息的客户端。',
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
      await expectSurvives(ctx, await ctx.startServer(), replyOf, {
        data: Buffer.alloc(0),
        what: 'an empty (zero-length) datagram',
      });
    },
  },
  {
    id: 'server-invalid-utf8',
    title: t('survives a datagram that is not UTF-8 and keeps answering', '收到不是 UTF-8 的数据报后不会出错，并继续回答'),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "Any program may send you a datagram: reply b'hello ' + data with the bytes as they are, or decode with errors='replace'.",
      "任何程序都可能给你发数据报：直接用原始字节回复 b'hello ' + data，或者用 errors='replace' 解码。",
    ),
    async run(ctx) {
      await expectSurvives(ctx, await ctx.startServer(), replyOf, {
        data: GBK,
        what: `${previewBytes(GBK)} (你好 in GBK, as a Chinese Windows console may send it; not UTF-8)`,
      });
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
      'Each recvfrom(1024) returns one datagram, cut to 1024 bytes if it was longer: answer it as it is; the rest of a long datagram never comes.',
      '每次 recvfrom(1024) 返回一个数据报，超过 1024 字节的部分会被截掉：照原样回答它即可；长数据报剩下的部分永远不会到达。',
    ),
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
    title: t("sends each typed line as the reference client does and prints each reply ('hello …')", "像参考客户端一样发送输入的每一行，并打印每条回复（'hello …'）"),
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_SENDS,
    baselines: [referenceClient],
    hint: t(
      "Loop: line = input('请输入传输内容：'); sendto(line.encode('utf-8'), address); data, addr = recvfrom(1024); print('客户端接收信息为：' + data.decode('utf-8')).",
      "循环执行：line = input('请输入传输内容：'); sendto(line.encode('utf-8'), address); data, addr = recvfrom(1024); print('客户端接收信息为：' + data.decode('utf-8'))。",
    ),
    async run(ctx) {
      const expected = await ctx.baseline(referenceClient);
      await runClientScript(ctx, 'submission', { lines: LINES, replyOf, expected: expected.sent });
    },
  },
  {
    id: 'client-ends-on-quit',
    title: t('ends by itself when the user types quit', '用户输入 quit 时自行结束'),
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_SENDS,
    hint: t(
      "Compare the line without its newline: input() strips it (sys.stdin.readline() keeps it, and 'quit\\n' != 'quit'); then break out of the loop and close the socket.",
      "比较时要去掉行尾的换行符：input() 会去掉它（sys.stdin.readline() 会保留，而 'quit\\n' != 'quit'）；然后跳出循环并关闭套接字。",
    ),
    async run(ctx) {
      await expectEndsOnLine(ctx, 'quit', replyOf);
    },
  },
  {
    id: 'client-ends-on-empty-line',
    title: t('ends by itself when the user types an empty line', '用户输入空行时自行结束'),
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_SENDS,
    hint: t("An empty line ends the client too: if not data or data == 'quit': break.", "空行也会让客户端结束：if not data or data == 'quit': break。"),
    async run(ctx) {
      await expectEndsOnLine(ctx, '', replyOf);
    },
  },
];

export const udpHelloChecks: readonly Check[] = [...server, ...client];
