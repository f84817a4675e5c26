// Checks for the udp-hello exercise (EXERCISES.md § udp-hello).
import { t } from '../harness/i18n/text.js';
import type { Check } from '../harness/check/types.js';
import { previewBytes } from '../harness/util/bytes.js';
import { expectEndsOnLine } from './expect/udp-client.js';
import type { ReplyOf } from './expect/udp-server.js';
import { serverStartsCheck } from './expect/starts.js';
import { CLIENT_SENDS, udpChecks } from './expect/udp-checks.js';

const HELLO = Buffer.from('hello ');
/** What a right server answers: `hello ` + the datagram. */
const replyOf: ReplyOf = (data) => Buffer.concat([HELLO, data]);
/** What the user types, and so what a server is sent: ASCII, then Chinese (UTF-8). */
const LINES = ['world', '你好，世界'];
/** 2000 ASCII bytes: recvfrom(1024) keeps the first 1024, which still decode. */
const OVERSIZE = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'.repeat(56).slice(0, 2000));
/** 你好 in GBK, as a client on a Chinese Windows console may send it: not UTF-8. */
const GBK = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]);

const shared = udpChecks({ id: 'udp-hello', replyOf, lines: LINES, module: import.meta.url });

const server: Check[] = [
  serverStartsCheck('udp'),
  shared.repliesToLines({
    id: 'server-replies-hello',
    title: t("answers each datagram with 'hello ' + its text, to the sender, as the reference server does", "像参考服务器一样，用 'hello ' 加上数据报的内容回答每个数据报，发回给发送方"),
    points: 4,
    hint: t("Loop: data, addr = s.recvfrom(1024); s.sendto(b'hello ' + data, addr).", "循环执行：data, addr = s.recvfrom(1024); s.sendto(b'hello ' + data, addr)。"),
  }),
  shared.twoSenders(t(
    'Reply to the address that came with each datagram (data, addr = recvfrom(1024)), not to the first client you heard from.',
    '回复到每个数据报附带的地址（data, addr = recvfrom(1024)），而不是第一个给你发消息的客户端。',
  )),
  shared.emptyDatagram(),
  shared.survivesBytes({
    id: 'server-invalid-utf8',
    title: t('survives a datagram that is not UTF-8 and keeps answering', '收到不是 UTF-8 的数据报后不会出错，并继续回答'),
    hint: t(
      "Any program may send you a datagram: reply b'hello ' + data with the bytes as they are, or decode with errors='replace'.",
      "任何程序都可能给你发数据报：直接用原始字节回复 b'hello ' + data，或者用 errors='replace' 解码。",
    ),
  }, GBK, `${previewBytes(GBK)} (你好 in GBK, as a Chinese Windows console may send it; not UTF-8)`),
  shared.oversize(OVERSIZE, t(
    'Each recvfrom(1024) returns one datagram, cut to 1024 bytes if it was longer: answer it as it is; the rest of a long datagram never comes.',
    '每次 recvfrom(1024) 返回一个数据报，超过 1024 字节的部分会被截掉：照原样回答它即可；长数据报剩下的部分永远不会到达。',
  )),
];

const client: Check[] = [
  shared.clientSends(),
  shared.clientRetries(),
  shared.clientPrints({
    title: t("sends each typed line as the reference client does and prints each reply ('hello …')", "像参考客户端一样发送输入的每一行，并打印每条回复（'hello …'）"),
    hint: t(
      "Loop: line = input('请输入传输内容：'); sendto(line.encode('utf-8'), address); data, addr = recvfrom(1024); print('客户端接收信息为：' + data.decode('utf-8')).",
      "循环执行：line = input('请输入传输内容：'); sendto(line.encode('utf-8'), address); data, addr = recvfrom(1024); print('客户端接收信息为：' + data.decode('utf-8'))。",
    ),
  }),
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
