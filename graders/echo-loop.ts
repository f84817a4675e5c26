// Checks for the echo-loop exercise (EXERCISES.md § echo-loop): a server that echoes every message
// of one client after another, and an interactive client that sends the lines its user types.
import { t } from '../harness/i18n/text.js';
import { fail } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import type { TcpPeer } from '../harness/net/tcp-peer.js';
import { previewBytes } from '../harness/util/bytes.js';
import { expectEveryMessageAnswered, peerLeavesCheck, servesNextClientCheck } from './expect/conversation.js';
import { endsAtEndOfInputCheck, endsWhenServerClosesCheck, InteractiveClient } from './expect/interactive-client.js';
import { createPayload } from './expect/payload.js';
import { explainCrash } from './expect/process.js';
import { CLIENT_CONNECTS, clientConnectsCheck, SERVER_STARTS, serverStartsCheck } from './expect/starts.js';
import { explainDroppedSend } from './expect/call-sites.js';

/** What the tutorial's user types, one message at a time; the last has 3-byte characters. */
const MESSAGES = ['hello', 'Hello, world', '你好, world'] as const;
const SPLIT_TEXT = Buffer.from('你好, world');
/** 1 MiB and an odd tail of printable text: far more than one recv(1024), and no decode() trouble. */
let oversizeCache: Buffer | undefined;
const oversizeText = (): Buffer => {
  if (!oversizeCache) {
    oversizeCache = createPayload(1024 * 1024 + 7, 'echo-loop-oversize');
    for (let i = 0; i < oversizeCache.length; i++) oversizeCache[i] = 0x20 + (oversizeCache[i]! % 95);
  }
  return oversizeCache;
};
/** Each send() of the learner's server sends at most this much (Python shim), as a busy network may. */
const PARTIAL_SEND_CAP = 100;
const EMPTY_LINE_MESSAGE = "input can't empty, Please input again..";

/** One message and its whole echo, on a connection that may already carry earlier ones. */
async function echoOnce(peer: TcpPeer, message: string | Buffer, replyMs: number): Promise<void> {
  const bytes = Buffer.from(message);
  const from = peer.received().length;
  await peer.send(bytes);
  const echo = await peer.readExactly(bytes.length, replyMs, { from });
  if (!echo.equals(bytes)) {
    fail(t(`we sent ${previewBytes(bytes)} and the server sent back ${previewBytes(echo)}`, `我们发送了 ${previewBytes(bytes)}，服务器发回的是 ${previewBytes(echo)}`), { expected: previewBytes(bytes), actual: previewBytes(echo) });
  }
}

const server: Check[] = [
  serverStartsCheck(),
  {
    id: 'server-echoes-each-message',
    title: t('echoes each message of a conversation, one after another, on the same connection', '在同一个连接上，依次回显一次会话中的每条消息'),
    role: 'server',
    tags: ['basic'],
    points: 4,
    dependsOn: SERVER_STARTS,
    hint: t('Inside the accept() loop, loop: data = conn.recv(1024); if not data: break; conn.sendall(data).', '在 accept() 循环里面再写一个循环：data = conn.recv(1024); if not data: break; conn.sendall(data)。'),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await expectEveryMessageAnswered(program, peer, MESSAGES, (message) => echoOnce(peer, message, ctx.timeouts.replyMs));
    },
  },
  servesNextClientCheck((ctx, _program, peer) => echoOnce(peer, 'hello', ctx.timeouts.replyMs)),
  peerLeavesCheck((ctx, _program, peer) => echoOnce(peer, 'ping', ctx.timeouts.replyMs)),
  {
    id: 'server-echoes-split-utf8',
    title: t('echoes a message whose UTF-8 characters arrive split across pieces', 'UTF-8 字符被拆分到不同片段到达时，仍能正确回显消息'),
    role: 'server',
    tags: ['partial'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      'One recv() may end in the middle of a character: echo the bytes as they are; if you print them, print the bytes (or decode with errors="replace").',
      '一次 recv() 可能在某个字符的中间结束：把字节原样回显；如果要打印，就打印字节（或者用 errors="replace" 解码）。',
    ),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await explainCrash(program, 'when a UTF-8 character was split across two recv() calls', async () => {
        // 你 and 好 are 3 bytes each: pieces of 2, 2 and the rest cut through both.
        await peer.sendInPieces(SPLIT_TEXT, [2, 2], { consumeBoundMs: ctx.timeouts.replyMs });
        await peer.readExactly(SPLIT_TEXT.length, ctx.timeouts.replyMs);
      }, peer);
      peer.expectReceived(SPLIT_TEXT, "the echo of '你好, world' sent in pieces");
    },
  },
  {
    id: 'server-echoes-oversize',
    title: t('echoes a 1 MiB message intact even when send() sends only part', '即使 send() 每次只发送一部分，也能完整回显 1 MiB 的消息'),
    role: 'server',
    tags: ['oversize'],
    points: 1,
    dependsOn: SERVER_STARTS,
    timeoutMs: 30_000,
    hint: t('send() may send fewer bytes than you gave it and returns how many; sendall() sends everything.', 'send() 发送的字节可能比你给它的少，它返回实际发送的字节数；sendall() 会把全部数据发送出去。'),
    async run(ctx) {
      const { program, address } = await ctx.startServer({ maxSendBytes: PARTIAL_SEND_CAP });
      const peer = await ctx.connect(address);
      const message = oversizeText();
      // Write everything, then FIN: a server that drops bytes closes early and we see it at once. A
      // program that stops moving bytes for the reply bound fails then, not at the end.
      const sending = peer.send(message, { timeoutMs: 15_000, idleMs: ctx.timeouts.replyMs }).then(() => peer.shutdownWrite());
      const done = peer.readExactly(message.length, 15_000, { idleMs: ctx.timeouts.replyMs });
      await explainDroppedSend(program, async () => {
        await explainCrash(program, 'while echoing 1 MiB', () => Promise.all([sending, done]), peer);
        peer.expectReceived(message, 'the echo of 1 MiB');
      });
    },
  },
];

const client: Check[] = [
  clientConnectsCheck(),
  {
    id: 'client-sends-lines-prints-echo',
    title: t('sends each line the user types and prints the echo the server sends back', '发送用户输入的每一行，并打印服务器发回的回显'),
    role: 'client',
    tags: ['basic'],
    points: 4,
    dependsOn: CLIENT_CONNECTS,
    hint: t('Loop: data = input(prompt); s.sendall(data.encode()); print(s.recv(1024).decode()).', '循环执行：data = input(prompt); s.sendall(data.encode()); print(s.recv(1024).decode())。'),
    async run(ctx) {
      const user = await InteractiveClient.start(ctx);
      for (const line of MESSAGES) await user.exchange({ type: line, answer: (sent) => sent });
    },
  },
  {
    id: 'client-skips-empty-line',
    title: t(`does not send an empty line: prints "${EMPTY_LINE_MESSAGE}" and reads the next one`, `不发送空行：打印 "${EMPTY_LINE_MESSAGE}"，然后读取下一行`),
    role: 'client',
    tags: ['bad-input'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      `Check the line before sending: if not data: print("${EMPTY_LINE_MESSAGE}"); continue. sendall(b'') sends nothing, so no reply would ever come.`,
      `发送之前先检查这一行：if not data: print("${EMPTY_LINE_MESSAGE}"); continue。sendall(b'') 什么也不会发送，所以永远等不到回复。`,
    ),
    async run(ctx) {
      const user = await InteractiveClient.start(ctx);
      await user.exchange({ type: 'hello', answer: (sent) => sent }, { shown: false });
      const mark = user.program.stdout.text().length;
      // Both lines at once, as a quick typist: a right client complains about the first and sends the second.
      user.type('', 'after the empty line');
      await user.expectSent('after the empty line', 'we typed an empty line, then "after the empty line"');
      const complained = await user.program.stdout.waitFor((text) => text.slice(mark).includes(EMPTY_LINE_MESSAGE), ctx.timeouts.replyMs);
      if (!complained) {
        fail(t(`after an empty line the client sent nothing (right) but did not print "${EMPTY_LINE_MESSAGE}"`, `输入空行后，客户端没有发送任何内容（这是对的），但没有打印 "${EMPTY_LINE_MESSAGE}"`), {
          expected: EMPTY_LINE_MESSAGE,
          actual: user.program.stdout.text().slice(mark).trim() || '(nothing)',
        });
      }
    },
  },
  endsAtEndOfInputCheck({ type: 'hello', answer: (sent) => sent }),
  endsWhenServerClosesCheck({ type: 'hello', answer: (sent) => sent }, 'are you there?'),
];

export const echoLoopChecks: readonly Check[] = [...server, ...client];
