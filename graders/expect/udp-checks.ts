// The checks the two UDP exercises share (udp-echo, udp-hello): the same scenarios, given what
// differs between them — the answer a right server gives, the lines typed, and a few words.
import { t, type Text } from '../../harness/i18n/text.js';
import { fail } from '../../harness/check/failure.js';
import type { Check } from '../../harness/check/types.js';
import { previewBytes } from '../../harness/util/bytes.js';
import { expectRetryAfterLoss, LOSS_BOUND_MS, referenceClientScript, runClientScript, startUdpClient } from './udp-client.js';
import { expectSeparateReplies, expectSurvives, referenceServerReplies, requestReply, type ReplyOf } from './udp-server.js';
import { SERVER_STARTS } from './starts.js';

export const CLIENT_SENDS = 'client-sends-line';

export interface UdpExercise {
  readonly id: string;
  /** What a right server answers to a datagram. */
  readonly replyOf: ReplyOf;
  /** What the user types, and so what a server is sent. */
  readonly lines: readonly string[];
  /** The exercise's own module (`import.meta.url`): its code is part of the kept baselines' key. */
  readonly module: string;
}

/** What a check of this family is told, beyond the scenario. */
type Words = Pick<Check, 'id' | 'title' | 'points' | 'hint'>;

/** The shared checks of one UDP exercise; its reference baselines are made once, here. */
export function udpChecks(exercise: UdpExercise) {
  const { id, replyOf, lines, module } = exercise;
  const referenceReplies = referenceServerReplies(id, lines, module);
  const referenceClient = referenceClientScript(id, lines, replyOf, module);
  const survives = (check: Pick<Check, 'id' | 'title' | 'tags' | 'hint'>, data: Buffer, what: string): Check => ({
    ...check,
    role: 'server',
    points: 1,
    dependsOn: SERVER_STARTS,
    async run(ctx) {
      await expectSurvives(ctx, await ctx.startServer(), replyOf, { data, what });
    },
  });
  return {
    /** Each typed line answered as the reference server answers it. */
    repliesToLines: (words: Words): Check => ({
      ...words,
      role: 'server',
      tags: ['basic'],
      dependsOn: SERVER_STARTS,
      baselines: [referenceReplies],
      async run(ctx) {
        const expected = await ctx.baseline(referenceReplies);
        const server = await ctx.startServer();
        const peer = await ctx.udp();
        for (const [i, line] of lines.entries()) {
          const reply = await requestReply(ctx, server, peer, Buffer.from(line), i);
          const want = expected[i]!;
          if (!reply.equals(want)) {
            fail(t(
              `the server answered ${JSON.stringify(line)} with ${previewBytes(reply)}; the reference server answers ${previewBytes(want)}`,
              `服务器对 ${JSON.stringify(line)} 的回答是 ${previewBytes(reply)}；参考服务器的回答是 ${previewBytes(want)}`,
            ), { expected: previewBytes(want), actual: previewBytes(reply) });
          }
        }
      },
    }),
    twoSenders: (hint: Text): Check => ({
      id: 'server-two-senders',
      title: t('answers two clients sending in turn, each at its own address', '两个客户端轮流发送时，分别回答到各自的地址'),
      role: 'server',
      tags: ['concurrency'],
      points: 1,
      dependsOn: SERVER_STARTS,
      hint,
      async run(ctx) {
        await expectSeparateReplies(ctx, await ctx.startServer(), replyOf);
      },
    }),
    emptyDatagram: (): Check => survives({
      id: 'server-empty-datagram',
      title: t('survives an empty (zero-length) datagram and keeps answering', '收到空的（长度为 0 的）数据报后不会出错，并继续回答'),
      tags: ['bad-input'],
      hint: t(
        "In UDP an empty datagram is a message like any other, not the end of a connection: do not break out of the loop when recvfrom() returns b''.",
        "在 UDP 中，空数据报和其他消息一样只是一条消息，并不表示连接结束：recvfrom() 返回 b'' 时不要跳出循环。",
      ),
    }, Buffer.alloc(0), 'an empty (zero-length) datagram'),
    /** A datagram longer than the tutorial's 1024-byte recvfrom() buffer. */
    oversize: (data: Buffer, hint: Text): Check => survives({
      id: 'server-oversize-datagram',
      title: t('survives a datagram larger than its 1024-byte buffer and keeps answering', '收到比 1024 字节缓冲区更大的数据报后不会出错，并继续回答'),
      tags: ['oversize'],
      hint,
    }, data, `a ${data.length}-byte datagram`),
    /** Any datagram that is not UTF-8 text. */
    survivesBytes: (check: Pick<Check, 'id' | 'title' | 'hint'>, data: Buffer, what: string): Check => survives({ ...check, tags: ['bad-input'] }, data, what),
    clientSends: (): Check => ({
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
        await startUdpClient(ctx, lines[0]!);
      },
    }),
    clientRetries: (): Check => ({
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
    }),
    /** Every typed line sent as the reference client sends it, and every reply printed. */
    clientPrints: (words: Pick<Check, 'title' | 'hint'>): Check => ({
      id: 'client-prints-replies',
      ...words,
      role: 'client',
      tags: ['basic'],
      points: 3,
      dependsOn: CLIENT_SENDS,
      baselines: [referenceClient],
      async run(ctx) {
        const expected = await ctx.baseline(referenceClient);
        await runClientScript(ctx, 'submission', { lines, replyOf, expected: expected.sent });
      },
    }),
  };
}
