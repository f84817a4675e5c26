// Checks for the one-shot-chat exercise (EXERCISES.md § one-shot-chat). The protocol has no
// framing: the server takes what one recv() returns as the message. So a message that arrives in
// pieces is a robustness probe (no crash, no hang), not a correctness one.
import { z } from 'zod';
import { t } from '../harness/i18n/text.js';
import { fail } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import { defineBaseline } from '../harness/check/context.js';
import { describeEnding } from '../harness/check/diagnose.js';
import { describeByteMismatch, previewBytes } from '../harness/util/bytes.js';
import { showsPayload } from './expect/output.js';
import { CRASH_GRACE_MS, expectIdle, expectNoCrash } from './expect/process.js';
import { bytesSent, ranToTheEnd } from './expect/pairing.js';
import { runOneReplyPair, expectPrintsWholeReply, expectReplyThenClose, expectServes, resetInAcceptQueue, sendPiecesWhileOpen, sendReplyInPieces } from './expect/one-reply.js';
import type { CheckContext } from '../harness/check/context.js';
import type { Address } from '../harness/process/command.js';
import { serverStartsCheck, clientConnectsCheck } from './expect/starts.js';

const MESSAGE = Buffer.from('yaoyao', 'utf8');
const REPLY = Buffer.from('不要回答,不要回答,不要回答', 'utf8');
/**
 * The answer in pieces: 不要回答, (whole characters, so a single recv() prints just that), then 不
 * and the first byte of 要, then the rest: 要 is split across two recv() calls.
 */
const REPLY_PIECES = [13, 4] as const;
/** A chat message whose first piece ends inside 你 (3 bytes): the server's one recv() gets 2 bytes. */
const SPLIT_MESSAGE = Buffer.from('你好,yaoyao', 'utf8');
const SPLIT_AT = [2] as const;
const SEQUENTIAL_CLIENTS = 3;
const ORDINALS = ['first', 'second', 'third'];

const SERVER_STARTS = 'server-starts';
const CLIENT_CONNECTS = 'client-connects';
/** The happy paths: the other checks of a role are graded once it works (one bug, one lost check). */
const SERVER_ANSWERS = 'server-answers-reference-client';
const CLIENT_PRINTS = 'client-sends-and-prints';

/** The reference client with the reference server: what a right pair sends and prints. */
const referencePair = defineBaseline('one-shot-chat: reference client with reference server', async (ctx) => {
  const run = await runOneReplyPair(ctx, { server: 'reference', client: 'reference' });
  return { stdout: run.stdout, toServer: bytesSent(run.wire, 'toServer'), complete: run.serverClosed && ranToTheEnd(run) };
}, {
  persist: {
    version: 1,
    module: import.meta.url,
    schema: z.strictObject({ stdout: z.string(), toServer: z.instanceof(Buffer), complete: z.literal(true) }),
    settled: (value) => value.complete,
  },
});

/** One client's whole conversation: sends yaoyao, gets the answer, and the server closes. */
async function chatOnce(ctx: CheckContext, address: Address, who: string): Promise<void> {
  const peer = await ctx.connect(address);
  await peer.send(MESSAGE);
  await expectReplyThenClose(ctx, peer, REPLY, who);
  peer.close();
}

const server: Check[] = [
  serverStartsCheck(),
  {
    id: SERVER_ANSWERS,
    title: t(
      "answers the reference client's yaoyao with 不要回答,不要回答,不要回答 in UTF-8 and closes the connection",
      '用 UTF-8 编码的 不要回答,不要回答,不要回答 回答参考客户端发来的 yaoyao，然后关闭连接',
    ),
    role: 'server',
    tags: ['basic'],
    points: 4,
    dependsOn: SERVER_STARTS,
    baselines: [referencePair],
    hint: t(
      "After accept(): data = conn.recv(1024) once, then conn.sendall('不要回答,不要回答,不要回答'.encode('utf-8')) and conn.close().",
      "accept() 之后：调用一次 data = conn.recv(1024)，然后 conn.sendall('不要回答,不要回答,不要回答'.encode('utf-8'))，再 conn.close()。",
    ),
    async run(ctx) {
      const expected = await ctx.baseline(referencePair);
      const run = await runOneReplyPair(ctx, { server: 'submission', client: 'reference' });
      const toClient = bytesSent(run.wire, 'toClient');
      if (!run.connected) throw new Error(`the reference client did not connect to the server: ${describeEnding(run.client)}`);
      if (toClient.length === 0 && !run.serverClosed) {
        fail(t(
          `the reference client sent b'yaoyao' and waited; the server answered nothing in ${ctx.timeouts.replyMs / 1000} s and kept the connection open`,
          `参考客户端发送了 b'yaoyao' 并在等待；服务器在 ${ctx.timeouts.replyMs / 1000} 秒内什么也没有回答，连接仍然打开`,
        ), {
          hint: t(
            "The client sends one message and waits for the answer without closing: answer after one recv(). A loop that reads until recv() returns b'' waits forever here.",
            "客户端发送一条消息后不关闭连接，而是等待回答：调用一次 recv() 之后就回答。一直读到 recv() 返回 b'' 的循环在这里会永远等下去。",
          ),
        });
      }
      if (!toClient.equals(REPLY)) {
        expectNoCrash(run.server.program, "when the reference client sent b'yaoyao'");
        const notUtf8 = toClient.length > 0 && toClient.toString('utf8').includes('\ufffd');
        const stillOpen = !run.serverClosed;
        const quietS = ctx.timeouts.replyMs / 1000;
        const answered = previewBytes(toClient);
        const mismatch = describeByteMismatch(REPLY, toClient);
        fail(t(
          `the server answered ${answered}${stillOpen ? ` and then nothing for ${quietS} s, the connection still open` : ''}; the reference server answers ${previewBytes(REPLY)} (${mismatch}).${notUtf8 ? " The bytes are not UTF-8: encode with .encode('utf-8'), the encoding the client decodes with." : ''}`,
          `服务器回答的是 ${answered}${stillOpen ? `，之后 ${quietS} 秒内再没有发送任何内容，连接仍然打开` : ''}；参考服务器的回答是 ${previewBytes(REPLY)}（${mismatch}）。${notUtf8 ? "这些字节不是 UTF-8：请用 .encode('utf-8') 编码，客户端正是用 UTF-8 解码的。" : ''}`,
        ), {
          expected: previewBytes(REPLY),
          actual: previewBytes(toClient),
        });
      }
      if (!run.serverClosed) {
        fail(t(
          `the server answered but did not close the connection within ${ctx.timeouts.replyMs / 1000} s: the reference client reads until the server closes, so it is still waiting`,
          `服务器作了回答，但没有在 ${ctx.timeouts.replyMs / 1000} 秒内关闭连接：参考客户端会一直读到服务器关闭连接为止，所以它还在等待`,
        ), {
          hint: t(
            "Close the client socket (conn.close()) once the answer is sent: the client reads until recv() returns b''.",
            "回答发送完后就关闭与客户端的套接字（conn.close()）：客户端会一直读，直到 recv() 返回 b''。",
          ),
        });
      }
      if (!run.exit) throw new Error(`the reference client did not end after the server closed the connection`);
      if (run.stdout !== expected.stdout) {
        fail(t('the reference client printed something different than with the reference server', '参考客户端打印的内容与连接参考服务器时不同'), { expected: expected.stdout, actual: run.stdout });
      }
    },
  },
  {
    id: 'server-answers-clients-in-turn',
    title: t('answers three clients one after another, each after the previous one has left', '依次回答三个客户端，每个都在前一个离开之后连接'),
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_ANSWERS,
    hint: t(
      'Put accept(), recv(), sendall() and close() in a while True loop, so that every client that connects gets its answer.',
      '把 accept()、recv()、sendall() 和 close() 放进 while True 循环，让每个连接进来的客户端都能得到回答。',
    ),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      for (let i = 0; i < SEQUENTIAL_CLIENTS; i++) {
        const situation = i === 0 ? 'when the first client connected' : `after ${i === 1 ? 'one client' : `${i} clients`} had come and gone`;
        await expectServes(program, situation, () => chatOnce(ctx, address, `the ${ORDINALS[i]} client`));
      }
    },
  },
  {
    id: 'server-survives-silent-client',
    title: t('closes the connection of a client that sends nothing and leaves, then answers the next client', '客户端什么也没发送就离开时，关闭它的连接，然后回答下一个客户端'),
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_ANSWERS,
    hint: t(
      "recv() returns b'' when the client left without a message: close that connection (answering is optional) and go back to accept(); do not end the server or wait for more.",
      "客户端没有发送消息就离开时，recv() 会返回 b''：关闭这个连接（回不回答都可以），回到 accept()；不要结束服务器，也不要继续等待。",
    ),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const silent = await ctx.connect(address);
      silent.shutdownWrite();
      const closed = await silent.waitClosed(ctx.timeouts.replyMs);
      if (!closed) {
        await expectIdle(program, 'a client closed its side without sending anything');
        expectNoCrash(program, 'after a client closed without sending anything');
        fail(t(
          `a client closed its side without sending anything; the server kept that connection open for ${ctx.timeouts.replyMs / 1000} s instead of closing it`,
          `一个客户端什么也没发送就关闭了自己一端；服务器没有关闭这个连接，而是让它保持打开了 ${ctx.timeouts.replyMs / 1000} 秒`,
        ));
      }
      await expectServes(program, 'after a client left without sending anything', () => chatOnce(ctx, address, 'the next client'));
    },
  },
  {
    id: 'server-survives-reset',
    title: t('goes on answering clients after one resets its connection before being served', '某个客户端在得到服务前重置了连接之后，仍继续回答后来的客户端'),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_ANSWERS,
    hint: t(
      'A client may be gone by the time you recv(): wrap the conversation in try/except OSError (ConnectionResetError, BrokenPipeError), close that socket and accept the next client.',
      '你调用 recv() 时客户端可能已经离开：用 try/except OSError（ConnectionResetError、BrokenPipeError）包住与它的通信，关闭那个套接字，再 accept() 下一个客户端。',
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      await resetInAcceptQueue(ctx, server);
      await expectServes(server.program, 'after a client reset its connection', () => chatOnce(ctx, server.address, 'the next client'));
    },
  },
  {
    id: 'server-survives-split-message',
    title: t('neither crashes nor hangs when a message arrives in pieces with a character split between them', '消息分段到达、且有一个字符被拆在两段之间时，既不崩溃也不卡住'),
    role: 'server',
    tags: ['partial'],
    points: 1,
    dependsOn: SERVER_ANSWERS,
    hint: t(
      "One recv() may end in the middle of a character: decode with errors='replace' (or print the bytes), so one odd message cannot stop the server.",
      "一次 recv() 可能在某个字符的中间结束：用 errors='replace' 解码（或者直接打印字节），这样一条奇怪的消息就不会让服务器停下来。",
    ),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      // The answer may come after the first piece (one recv() is the message here): a server
      // that answers and closes before the second piece arrives is right.
      await sendPiecesWhileOpen(ctx, peer, SPLIT_MESSAGE, SPLIT_AT);
      const closed = await peer.waitClosed(ctx.timeouts.replyMs);
      if (program.mayBeEnding()) await program.settle(CRASH_GRACE_MS);
      expectNoCrash(program, `when a message arrived in pieces (${previewBytes(SPLIT_MESSAGE.subarray(0, SPLIT_AT[0]))} first, in the middle of 你)`);
      if (!closed) {
        await expectIdle(program, 'a message arrived in two pieces');
        fail(t(
          `a message arrived in two pieces and the server neither answered and closed nor did anything else for ${ctx.timeouts.replyMs / 1000} s`,
          `一条消息分两段到达后，服务器在 ${ctx.timeouts.replyMs / 1000} 秒内既没有回答并关闭连接，也没有做任何其他事情`,
        ));
      }
      await expectServes(program, 'after a message arrived in pieces', () => chatOnce(ctx, address, 'the next client'));
    },
  },
];

const client: Check[] = [
  clientConnectsCheck(),
  {
    id: CLIENT_PRINTS,
    title: t("sends yaoyao to the reference server, prints its answer 不要回答,不要回答,不要回答 and ends by itself", '向参考服务器发送 yaoyao，打印它的回答 不要回答,不要回答,不要回答，然后自行结束'),
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    baselines: [referencePair],
    hint: t(
      "sendall('yaoyao'.encode('utf-8')), then recv() until it returns b'', decode the answer with .decode('utf-8'), print it and close the socket.",
      "先 sendall('yaoyao'.encode('utf-8'))，再一直 recv() 到它返回 b''，用 .decode('utf-8') 解码回答，打印出来，然后关闭套接字。",
    ),
    async run(ctx) {
      const expected = await ctx.baseline(referencePair);
      const run = await runOneReplyPair(ctx, { server: 'reference', client: 'submission' });
      const toServer = bytesSent(run.wire, 'toServer');
      if (!toServer.equals(expected.toServer)) {
        expectNoCrash(run.client, "before it sent b'yaoyao'");
        fail(t(`the client sent ${previewBytes(toServer)}; the reference client sends ${previewBytes(expected.toServer)}`, `客户端发送了 ${previewBytes(toServer)}；参考客户端发送的是 ${previewBytes(expected.toServer)}`), {
          expected: previewBytes(expected.toServer),
          actual: previewBytes(toServer),
        });
      }
      if (!showsPayload(run.stdout, REPLY)) {
        expectNoCrash(run.client, 'after the server answered');
        fail(t("the client did not print the server's answer", '客户端没有打印服务器的回答'), {
          expected: `a line showing ${REPLY.toString('utf8')}`,
          actual: run.stdout.trim() || '(nothing)',
        });
      }
      if (!run.exit) {
        fail(t(
          `the client printed the answer but did not end within ${ctx.timeouts.exitMs / 1000} s after the server closed the connection`,
          `客户端打印了回答，但在服务器关闭连接后 ${ctx.timeouts.exitMs / 1000} 秒内没有结束`,
        ));
      }
      expectNoCrash(run.client, 'after printing the answer');
    },
  },
  {
    id: 'client-collects-split-answer',
    title: t('prints the whole answer when it arrives in pieces with a character split between two of them', '回答分成几段到达、且有一个字符被拆在两段之间时，仍打印完整的回答'),
    role: 'client',
    tags: ['partial'],
    points: 1,
    dependsOn: CLIENT_PRINTS,
    hint: t(
      "One recv() may return part of the answer, even half a character: collect the bytes until recv() returns b'', then decode them once.",
      "一次 recv() 可能只返回回答的一部分，甚至半个字符：先把字节收集起来，直到 recv() 返回 b''，再一次性解码。",
    ),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      // Whatever the client sends is its message (correctness is graded elsewhere): answer it.
      await peer.readUntil((data) => data.length > 0, 'a message', ctx.timeouts.replyMs);
      await sendReplyInPieces(ctx, peer, REPLY, REPLY_PIECES);
      await expectPrintsWholeReply(ctx, program, REPLY, REPLY.subarray(0, REPLY_PIECES[0]), 'the answer');
    },
  },
];

export const oneShotChatChecks: readonly Check[] = [...server, ...client];
