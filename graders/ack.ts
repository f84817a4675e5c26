// Checks for the ack exercise (EXERCISES.md § ack): a server that acknowledges every message of one
// client after another, and an interactive client that sends the lines its user types.
import { t } from '../harness/i18n/text.js';
import { fail } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import type { TcpPeer } from '../harness/net/tcp-peer.js';
import { previewBytes } from '../harness/util/bytes.js';
import { expectEveryMessageAnswered, expectNothingMore, peerLeavesCheck, servesNextClientCheck, waitUntilAnswered } from './expect/conversation.js';
import type { Program } from '../harness/process/program.js';
import { endsAtEndOfInputCheck, endsWhenServerClosesCheck, InteractiveClient } from './expect/interactive-client.js';
import { explainCrash } from './expect/process.js';
import { CLIENT_CONNECTS, clientConnectsCheck, SERVER_STARTS, serverStartsCheck } from './expect/starts.js';

/** The tutorial's answer, typo included. */
const ACK = Buffer.from('server received you message.');
/** What the tutorial's user types (its sample session), and a line with 3-byte characters. */
const MESSAGES = ['ls', 'hello', '你好'] as const;
/** Not UTF-8: a lone continuation byte, bytes that never occur, a character cut short. */
const NOT_UTF8 = Buffer.from([0x80, 0xff, 0xfe, 0x20, 0x68, 0x69, 0x20, 0xe4, 0xbd]);

/**
 * Sends one message and expects the server to answer it. `exact` (the basic check): the answer is
 * exactly `server received you message.`, once, and nothing more. Otherwise any answer will do
 * (each check judges its own point; the wording is the basic check's): the answer is complete
 * once the server waits again with nothing in flight.
 */
async function ackOnce(program: Program, peer: TcpPeer, message: string | Buffer, replyMs: number, exact = false): Promise<void> {
  const from = peer.received().length;
  const sent = previewBytes(Buffer.from(message));
  await peer.send(message);
  if (!exact) {
    await peer.readExactly(1, replyMs, { from });
    await waitUntilAnswered(program, peer, replyMs);
    return;
  }
  const reply = await peer.readExactly(ACK.length, replyMs, { from });
  if (!reply.equals(ACK)) {
    fail(t(
      `we sent ${sent} and the server's answer began ${previewBytes(reply)}; the answer is exactly ${previewBytes(ACK)}`,
      `我们发送了 ${sent}，服务器的回答以 ${previewBytes(reply)} 开头；正确的回答恰好是 ${previewBytes(ACK)}`,
    ), {
      expected: previewBytes(ACK),
      actual: `${previewBytes(reply)}…`,
    });
  }
  await expectNothingMore(program, peer, from + ACK.length, replyMs, `its answer to ${sent}`);
}

const server: Check[] = [
  serverStartsCheck(),
  {
    id: 'server-acks-each-message',
    title: t("answers each message of a conversation with b'server received you message.'", "对一次会话中的每条消息都回答 b'server received you message.'"),
    role: 'server',
    tags: ['basic'],
    points: 4,
    dependsOn: SERVER_STARTS,
    hint: t(
      "Inside the accept() loop, loop: data = conn.recv(1024); if not data: break; conn.sendall(b'server received you message.').",
      "在 accept() 循环里面再写一个循环：data = conn.recv(1024); if not data: break; conn.sendall(b'server received you message.')。",
    ),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await expectEveryMessageAnswered(program, peer, MESSAGES, (message) => ackOnce(program, peer, message, ctx.timeouts.replyMs, true));
    },
  },
  servesNextClientCheck((ctx, program, peer) => ackOnce(program, peer, 'hello', ctx.timeouts.replyMs)),
  peerLeavesCheck((ctx, program, peer) => ackOnce(program, peer, 'ls', ctx.timeouts.replyMs)),
  {
    id: 'server-survives-invalid-utf8',
    title: t('answers a message that is not valid UTF-8, and the next one', '对不是合法 UTF-8 的消息也作出回答，并继续回答下一条'),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "recv() returns bytes, which need not be UTF-8: print them as bytes, or decode with errors='replace'; a decode() that raises ends your server.",
      "recv() 返回的是字节，不一定是 UTF-8：按字节打印，或者用 errors='replace' 解码；decode() 抛出异常会让你的服务器结束。",
    ),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await explainCrash(program, `on the bytes ${previewBytes(NOT_UTF8)}, which are not UTF-8`, () => ackOnce(program, peer, NOT_UTF8, ctx.timeouts.replyMs), peer);
      await explainCrash(program, 'on the message after the bytes that are not UTF-8', () => ackOnce(program, peer, 'hello', ctx.timeouts.replyMs), peer);
    },
  },
];

const client: Check[] = [
  clientConnectsCheck(),
  {
    id: 'client-sends-lines-prints-acks',
    title: t("sends each line the user types and prints the server's answer to it", '发送用户输入的每一行，并打印服务器对它的回答'),
    role: 'client',
    tags: ['basic'],
    points: 4,
    dependsOn: CLIENT_CONNECTS,
    hint: t('Loop: cmd = input("Please input msg:"); s.sendall(cmd.encode()); print(s.recv(1024).decode()).', '循环执行：cmd = input("Please input msg:"); s.sendall(cmd.encode()); print(s.recv(1024).decode())。'),
    async run(ctx) {
      const user = await InteractiveClient.start(ctx);
      for (const line of MESSAGES) await user.exchange({ type: line, answer: ACK });
    },
  },
  endsAtEndOfInputCheck({ type: 'ls', answer: ACK }),
  endsWhenServerClosesCheck({ type: 'ls', answer: ACK }, 'hello'),
];

export const ackChecks: readonly Check[] = [...server, ...client];
