// Checks for the udp-echo exercise (EXERCISES.md § udp-echo).
import { t } from '../harness/i18n/text.js';
import { fail } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import { describeByteMismatch, previewBytes } from '../harness/util/bytes.js';
import { requestReply, type ReplyOf } from './expect/udp-server.js';
import { serverStartsCheck, SERVER_STARTS } from './expect/starts.js';
import { udpChecks } from './expect/udp-checks.js';

/** What a right server answers: the datagram itself. */
const replyOf: ReplyOf = (data) => data;
/** What the user types, and so what a server is sent: ASCII, then Chinese (UTF-8). */
const LINES = ['Hello, world', '你好，世界'];
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** 2000 bytes of every value: recvfrom(1024) keeps the first 1024, and echoing those is fine. */
const OVERSIZE = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7) % 256));

const shared = udpChecks({ id: 'udp-echo', replyOf, lines: LINES, module: import.meta.url });

const server: Check[] = [
  serverStartsCheck('udp'),
  shared.repliesToLines({
    id: 'server-echoes-lines',
    title: t('sends each datagram back unchanged to its sender, as the reference server does', '像参考服务器一样，把每个数据报原样发回给发送方'),
    points: 3,
    hint: t('Loop: data, addr = s.recvfrom(1024); s.sendto(data, addr).', '循环执行：data, addr = s.recvfrom(1024); s.sendto(data, addr)。'),
  }),
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
  shared.twoSenders(t(
    'Reply to the address that came with each datagram (data, client_addr = recvfrom(1024)), not to the first client you heard from.',
    '回复到每个数据报附带的地址（data, client_addr = recvfrom(1024)），而不是第一个给你发消息的客户端。',
  )),
  shared.emptyDatagram(),
  shared.oversize(OVERSIZE, t(
    'Each recvfrom(1024) returns one datagram, cut to 1024 bytes if it was longer: echo it as it is; the rest of a long datagram never comes.',
    '每次 recvfrom(1024) 返回一个数据报，超过 1024 字节的部分会被截掉：照原样回显它即可；长数据报剩下的部分永远不会到达。',
  )),
];

const client: Check[] = [
  shared.clientSends(),
  shared.clientRetries(),
  shared.clientPrints({
    title: t("sends each typed line as the reference client does and prints each reply ('Data : …')", "像参考客户端一样发送输入的每一行，并打印每条回复（'Data : …'）"),
    hint: t(
      "Loop: line = input('Please Input data > '); sendto(line.encode('utf-8'), server_addr); data, addr = recvfrom(1024); print('Data : ' + data.decode('utf-8')).",
      "循环执行：line = input('Please Input data > '); sendto(line.encode('utf-8'), server_addr); data, addr = recvfrom(1024); print('Data : ' + data.decode('utf-8'))。",
    ),
  }),
];

export const udpEchoChecks: readonly Check[] = [...server, ...client];
