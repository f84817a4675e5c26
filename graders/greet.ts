// Checks for the greet exercise (EXERCISES.md § greet).
import { z } from 'zod';
import { t } from '../harness/i18n/text.js';
import { fail } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import { defineBaseline } from '../harness/check/context.js';
import { describeEnding } from '../harness/check/diagnose.js';
import { describeByteMismatch, previewBytes } from '../harness/util/bytes.js';
import { showsPayload } from './expect/output.js';
import { expectNoCrash } from './expect/process.js';
import { bytesSent, ranToTheEnd } from './expect/pairing.js';
import { runOneReplyPair, expectPrintsWholeReply, expectReplyThenClose, expectServes, resetInAcceptQueue, sendReplyInPieces } from './expect/one-reply.js';
import { serverStartsCheck, clientConnectsCheck } from './expect/starts.js';

const GREETING = Buffer.from('成功连接到服务器 socket message', 'utf8');
/**
 * The greeting in pieces: 成功 (whole characters, so a single recv() prints just that), then 连
 * and the first byte of 接, then the rest: 接 is split across two recv() calls.
 */
const PIECES = [6, 4] as const;
const SEQUENTIAL_CLIENTS = 3;
const ORDINALS = ['first', 'second', 'third'];

const SERVER_STARTS = 'server-starts';
const CLIENT_CONNECTS = 'client-connects';
/** The happy paths: the other checks of a role are graded once it works (one bug, one lost check). */
const SERVER_GREETS = 'server-greets-reference-client';
const CLIENT_PRINTS = 'client-prints-greeting';

/** The reference client with the reference server: what a right client prints. */
const referencePair = defineBaseline('greet: reference client with reference server', async (ctx) => {
  const run = await runOneReplyPair(ctx, { server: 'reference', client: 'reference' });
  return { stdout: run.stdout, complete: run.serverClosed && ranToTheEnd(run) };
}, {
  persist: {
    version: 1,
    module: import.meta.url,
    schema: z.strictObject({ stdout: z.string(), complete: z.literal(true) }),
    settled: (value) => value.complete,
  },
});

const server: Check[] = [
  serverStartsCheck(),
  {
    id: SERVER_GREETS,
    title: t('sends 成功连接到服务器 socket message in UTF-8 to the reference client and closes the connection', '用 UTF-8 向参考客户端发送 成功连接到服务器 socket message，然后关闭连接'),
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    baselines: [referencePair],
    hint: t("After accept(): conn.sendall('成功连接到服务器 socket message'.encode('utf-8')), then conn.close().", "accept() 之后：conn.sendall('成功连接到服务器 socket message'.encode('utf-8'))，然后 conn.close()。"),
    async run(ctx) {
      const expected = await ctx.baseline(referencePair);
      const run = await runOneReplyPair(ctx, { server: 'submission', client: 'reference' });
      const toClient = bytesSent(run.wire, 'toClient');
      if (!run.connected) throw new Error(`the reference client did not connect to the server: ${describeEnding(run.client)}`);
      if (!toClient.equals(GREETING)) {
        expectNoCrash(run.server.program, 'when the reference client connected');
        const notUtf8 = toClient.length > 0 && toClient.toString('utf8').includes('\ufffd');
        const stillOpen = !run.serverClosed;
        const quietS = ctx.timeouts.replyMs / 1000;
        const sent = previewBytes(toClient);
        const mismatch = describeByteMismatch(GREETING, toClient);
        fail(t(
          `the server sent ${sent}${stillOpen ? ` and then nothing for ${quietS} s, the connection still open` : ''}; the reference server sends ${previewBytes(GREETING)} (${mismatch}).${notUtf8 ? " The bytes are not UTF-8: encode with .encode('utf-8'), the encoding the client decodes with." : ''}`,
          `服务器发送了 ${sent}${stillOpen ? `，之后 ${quietS} 秒内再没有发送任何内容，连接仍然打开` : ''}；参考服务器发送的是 ${previewBytes(GREETING)}（${mismatch}）。${notUtf8 ? "这些字节不是 UTF-8：请用 .encode('utf-8') 编码，客户端正是用 UTF-8 解码的。" : ''}`,
        ), {
          expected: previewBytes(GREETING),
          actual: previewBytes(toClient),
        });
      }
      if (!run.serverClosed) {
        fail(t(
          `the server sent the greeting but did not close the connection within ${ctx.timeouts.replyMs / 1000} s: the reference client reads until the server closes, so it is still waiting`,
          `服务器发送了问候语，但没有在 ${ctx.timeouts.replyMs / 1000} 秒内关闭连接：参考客户端会一直读到服务器关闭连接为止，所以它还在等待`,
        ), {
          hint: t(
            "Close the client socket (conn.close()) once the greeting is sent: the client reads until recv() returns b''.",
            "问候语发送完后就关闭与客户端的套接字（conn.close()）：客户端会一直读，直到 recv() 返回 b''。",
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
    id: 'server-greets-clients-in-turn',
    title: t('greets three clients one after another, each after the previous one has left', '依次问候三个客户端，每个都在前一个离开之后连接'),
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_GREETS,
    hint: t('Put accept(), sendall() and close() in a while True loop, so that every client that connects gets its greeting.', '把 accept()、sendall() 和 close() 放进 while True 循环，让每个连接进来的客户端都能收到问候语。'),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      for (let i = 0; i < SEQUENTIAL_CLIENTS; i++) {
        const who = `the ${ORDINALS[i]} client`;
        const situation = i === 0 ? 'when the first client connected' : `after ${i === 1 ? 'one client' : `${i} clients`} had come and gone`;
        await expectServes(program, situation, async () => {
          const peer = await ctx.connect(address);
          await expectReplyThenClose(ctx, peer, GREETING, who);
          peer.close();
        });
      }
    },
  },
  {
    id: 'server-survives-reset',
    title: t('goes on greeting clients after one resets its connection before being greeted', '某个客户端在收到问候前重置了连接之后，仍继续问候后来的客户端'),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_GREETS,
    hint: t(
      'A client may be gone by the time you send: wrap the conversation in try/except OSError (ConnectionResetError, BrokenPipeError), close that socket and accept the next client.',
      '你发送时客户端可能已经离开：用 try/except OSError（ConnectionResetError、BrokenPipeError）包住与它的通信，关闭那个套接字，再 accept() 下一个客户端。',
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      await resetInAcceptQueue(ctx, server);
      await expectServes(server.program, 'after a client reset its connection', async () => {
        const peer = await ctx.connect(server.address);
        await expectReplyThenClose(ctx, peer, GREETING, 'the next client');
      });
    },
  },
];

const client: Check[] = [
  clientConnectsCheck(),
  {
    id: CLIENT_PRINTS,
    title: t("prints the reference server's greeting 成功连接到服务器 socket message and ends by itself", '打印参考服务器的问候语 成功连接到服务器 socket message，然后自行结束'),
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "recv() until it returns b'', decode the bytes with .decode('utf-8'), print client receive message=..., close the socket.",
      "一直 recv() 到它返回 b''，用 .decode('utf-8') 解码这些字节，打印 client receive message=...，然后关闭套接字。",
    ),
    async run(ctx) {
      const run = await runOneReplyPair(ctx, { server: 'reference', client: 'submission' });
      if (!showsPayload(run.stdout, GREETING)) {
        expectNoCrash(run.client, 'after the server sent the greeting');
        const printed = run.stdout.trim();
        const mojibake = printed.includes(' socket message') && !printed.includes('成功');
        fail(mojibake
          ? t('the client did not print the greeting: the English part is there but the Chinese part came out garbled', '客户端没有打印出问候语：英文部分有了，但中文部分是乱码')
          : t('the client did not print the greeting', '客户端没有打印出问候语'), {
          expected: `a line showing ${GREETING.toString('utf8')} (e.g. client receive message=${GREETING.toString('utf8')})`,
          actual: printed || '(nothing)',
          ...(mojibake ? { hint: t("The server sends UTF-8: decode with .decode('utf-8'), not 'gbk' or another encoding.", "服务器发送的是 UTF-8：请用 .decode('utf-8') 解码，而不是 'gbk' 或其他编码。") } : {}),
        });
      }
      if (!run.exit) {
        fail(t(
          `the client printed the greeting but did not end within ${ctx.timeouts.exitMs / 1000} s after the server closed the connection`,
          `客户端打印了问候语，但在服务器关闭连接后 ${ctx.timeouts.exitMs / 1000} 秒内没有结束`,
        ));
      }
      expectNoCrash(run.client, 'after printing the greeting');
    },
  },
  {
    id: 'client-collects-split-greeting',
    title: t('prints the whole greeting when it arrives in pieces with a character split between two of them', '问候语分成几段到达、且有一个字符被拆在两段之间时，仍打印完整的问候语'),
    role: 'client',
    tags: ['partial'],
    points: 1,
    dependsOn: CLIENT_PRINTS,
    hint: t(
      "One recv() may return part of the message, even half a character: collect the bytes until recv() returns b'', then decode them once.",
      "一次 recv() 可能只返回消息的一部分，甚至半个字符：先把字节收集起来，直到 recv() 返回 b''，再一次性解码。",
    ),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await sendReplyInPieces(ctx, peer, GREETING, PIECES);
      await expectPrintsWholeReply(ctx, program, GREETING, GREETING.subarray(0, PIECES[0]), 'the greeting');
    },
  },
];

export const greetChecks: readonly Check[] = [...server, ...client];
