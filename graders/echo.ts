// Checks for the echo exercise (EXERCISES.md § echo).
import { z } from 'zod';
import { t } from '../harness/i18n/text.js';
import { fail } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import { defineBaseline } from '../harness/check/context.js';
import { describeByteMismatch, formatPythonBytes, previewBytes } from '../harness/util/bytes.js';
import { showsPayload } from './expect/output.js';
import { expectEnds, expectIdle, expectNoCrash, explainCrash } from './expect/process.js';
import { bytesSent, ranToTheEnd, runPair } from './expect/pairing.js';
import { lazyPayload } from './expect/payload.js';
import { serverStartsCheck, clientConnectsCheck } from './expect/starts.js';
import { explainDroppedSend, explainSingleRecv } from './expect/call-sites.js';

const HELLO = Buffer.from('Hello, world');
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** 3 MiB and an odd tail: far more than one recv(1024), and not a round number of chunks. */
const oversize = lazyPayload(3 * 1024 * 1024 + 7, 'echo-oversize');
/** Each send() of the learner's server sends at most this much (Python shim), as a busy network may. */
const PARTIAL_SEND_CAP = 100;

const SERVER_STARTS = 'server-starts';

/** The reference client against the reference server: what both sides of a right pair do. */
const referencePair = defineBaseline('reference client with reference server', async (ctx) => {
  const run = await runPair(ctx, { server: 'reference', client: 'reference' });
  return { stdout: run.stdout, toClient: bytesSent(run.wire, 'toClient'), toServer: bytesSent(run.wire, 'toServer'), complete: ranToTheEnd(run) };
}, {
  persist: {
    version: 1,
    module: import.meta.url,
    schema: z.strictObject({ stdout: z.string(), toClient: z.instanceof(Buffer), toServer: z.instanceof(Buffer), complete: z.literal(true) }),
    settled: (value) => value.complete,
  },
});
const CLIENT_CONNECTS = 'client-connects';

const server: Check[] = [
  serverStartsCheck(),
  {
    id: 'server-echoes-reference-client',
    title: t("echoes the reference client's b'Hello, world' exactly as the reference server does", "像参考服务器一样，把参考客户端发送的 b'Hello, world' 原样回显"),
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    baselines: [referencePair],
    hint: t("Loop: data = conn.recv(1024); if not data: break; conn.sendall(data).", '循环执行：data = conn.recv(1024); if not data: break; conn.sendall(data)。'),
    async run(ctx) {
      const expected = await ctx.baseline(referencePair);
      const run = await runPair(ctx, { server: 'submission', client: 'reference' });
      const toClient = bytesSent(run.wire, 'toClient');
      if (!toClient.equals(expected.toClient)) {
        fail(t(
          `the server sent back ${previewBytes(toClient)}; the reference server sends ${previewBytes(expected.toClient)} (${describeByteMismatch(expected.toClient, toClient)})`,
          `服务器发回了 ${previewBytes(toClient)}；参考服务器发回的是 ${previewBytes(expected.toClient)}（${describeByteMismatch(expected.toClient, toClient)}）`,
        ), {
          expected: previewBytes(expected.toClient),
          actual: previewBytes(toClient),
        });
      }
      if (!run.exit) fail(t('the reference client did not finish: the server never closed the connection after the echo, or stopped answering', '参考客户端没有结束：服务器回显后一直没有关闭连接，或者不再回应'));
      if (run.stdout !== expected.stdout) {
        fail(t('the reference client printed something different than with the reference server', '参考客户端打印的内容与连接参考服务器时不同'), { expected: expected.stdout, actual: run.stdout });
      }
    },
  },
  {
    id: 'server-echoes-all-bytes',
    title: t('echoes all 256 byte values unchanged', '原样回显全部 256 种字节值'),
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: t('Echo the bytes you received as they are; do not decode() them to text (not all bytes are UTF-8).', '把收到的字节原样发回；不要用 decode() 把它们转成文本（并非所有字节都是合法的 UTF-8）。'),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await explainCrash(program, 'on binary data', async () => {
        await peer.send(ALL_BYTES);
        await peer.readExactly(ALL_BYTES.length, ctx.timeouts.replyMs);
      }, peer);
      peer.expectReceived(ALL_BYTES, 'the echo of bytes 0x00..0xff');
    },
  },
  {
    id: 'server-echoes-byte-pieces',
    title: t('echoes a message that arrives one byte at a time', '消息一次只到达一个字节时，仍能完整回显'),
    role: 'server',
    tags: ['partial'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t('One recv() is not one message: keep calling recv() in a loop until it returns b\'\'.', "一次 recv() 不等于一条消息：要在循环中不断调用 recv()，直到它返回 b''。"),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await explainSingleRecv(program, 'server', 1, HELLO.length, async () => {
        await explainCrash(program, 'while the message arrived in pieces', async () => {
          await peer.sendInPieces(HELLO, 'bytes', { consumeBoundMs: ctx.timeouts.replyMs });
          await peer.readExactly(HELLO.length, ctx.timeouts.replyMs);
        }, peer);
        peer.expectReceived(HELLO, 'the echo of 12 one-byte pieces');
      });
    },
  },
  {
    id: 'server-echoes-split-utf8',
    title: t('echoes UTF-8 text whose characters are split across pieces', '字符被拆分到不同片段的 UTF-8 文本也能正确回显'),
    role: 'server',
    tags: ['partial'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t('A piece may end in the middle of a character: echo bytes, or decode only the whole message, never each recv().', '一个片段可能在某个字符的中间结束：请回显字节本身，或者只对完整的消息解码，不要对每次 recv() 的结果单独解码。'),
    async run(ctx) {
      const text = Buffer.from('你好, world');
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await explainSingleRecv(program, 'server', 2, text.length, async () => {
        await explainCrash(program, 'when a UTF-8 character was split across two recv() calls', async () => {
          // 你 and 好 are 3 bytes each: pieces of 2, 2 and the rest cut through both.
          await peer.sendInPieces(text, [2, 2], { consumeBoundMs: ctx.timeouts.replyMs });
          await peer.readExactly(text.length, ctx.timeouts.replyMs);
        }, peer);
        peer.expectReceived(text, "the echo of '你好, world'");
      });
    },
  },
  {
    id: 'server-echoes-oversize',
    title: t('echoes 3 MiB intact even when send() sends only part', '即使 send() 每次只发送一部分，也能完整回显 3 MiB 数据'),
    role: 'server',
    tags: ['oversize'],
    points: 1,
    dependsOn: SERVER_STARTS,
    timeoutMs: 40_000,
    hint: t('send() may send fewer bytes than you gave it and returns how many; sendall() sends everything.', 'send() 发送的字节可能比你给它的少，它返回实际发送的字节数；sendall() 会把全部数据发送出去。'),
    async run(ctx) {
      const { program, address } = await ctx.startServer({ maxSendBytes: PARTIAL_SEND_CAP });
      const peer = await ctx.connect(address);
      const OVERSIZE = oversize();
      // Write everything, then FIN: a server that drops bytes closes early and we see it at once.
      // Generous overall bounds for a slow machine, but a program that stops moving bytes for the
      // reply bound fails then, not at the end.
      const sending = peer.send(OVERSIZE, { timeoutMs: 20_000, idleMs: ctx.timeouts.replyMs }).then(() => peer.shutdownWrite());
      const done = peer.readExactly(OVERSIZE.length, 20_000, { idleMs: ctx.timeouts.replyMs });
      await explainDroppedSend(program, async () => {
        await explainCrash(program, 'while echoing 3 MiB', () => Promise.all([sending, done]), peer);
        peer.expectReceived(OVERSIZE, 'the echo of 3 MiB');
      });
    },
  },
  {
    id: 'server-half-close',
    title: t('still echoes everything to a client that has shut down writing, then closes', '客户端关闭写方向后，仍把全部数据回显给它，然后关闭连接'),
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t("b'' means the client will send nothing more, not that it stopped listening: send what is left, then close.", "b'' 表示客户端不会再发送数据，并不表示它不再接收：把剩下的数据发完，再关闭连接。"),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await peer.send(HELLO);
      peer.shutdownWrite();
      const { data, kind } = await peer.readUntilClosed(ctx.timeouts.replyMs);
      if (!data.equals(HELLO)) {
        expectNoCrash(program, 'after the client shut down writing');
        fail(t(
          `after our FIN the server ${kind === 'reset' ? 'reset' : 'closed'} the connection having echoed ${previewBytes(data)} (${describeByteMismatch(HELLO, data)})`,
          `我们发送 FIN 之后，服务器只回显了 ${previewBytes(data)} 就${kind === 'reset' ? '重置' : '关闭'}了连接（${describeByteMismatch(HELLO, data)}）`,
        ), {
          expected: previewBytes(HELLO),
          actual: previewBytes(data),
        });
      }
    },
  },
  {
    id: 'server-peer-leaves',
    title: t('closes the connection cleanly when the client leaves, without spinning', '客户端离开时干净地关闭连接，不会空转'),
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t("When recv() returns b'' the client has gone: break out of the loop and close the connection.", "recv() 返回 b'' 说明客户端已经离开：跳出循环并关闭连接。"),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await peer.send('ping');
      await peer.readExactly(4, ctx.timeouts.replyMs);
      peer.shutdownWrite();
      const closed = await peer.waitClosed(ctx.timeouts.replyMs);
      await expectIdle(program, 'the client closed its side');
      if (!closed) fail(t(`the server never closed the connection in ${ctx.timeouts.replyMs / 1000} s after the client closed its side`, `客户端关闭自己一端后 ${ctx.timeouts.replyMs / 1000} 秒内，服务器一直没有关闭连接`));
      expectNoCrash(program, 'after the client left');
    },
  },
];

const client: Check[] = [
  clientConnectsCheck(),
  {
    id: 'client-sends-and-prints',
    title: t("sends b'Hello, world' to the reference server, prints the echo and ends by itself", "向参考服务器发送 b'Hello, world'，打印回显，然后自行结束"),
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    baselines: [referencePair],
    hint: t("sendall(b'Hello, world'), then recv() until 12 bytes came back, print them, close the socket.", "先 sendall(b'Hello, world')，再用 recv() 接收，直到收回 12 个字节，打印出来，然后关闭套接字。"),
    async run(ctx) {
      const expected = await ctx.baseline(referencePair);
      const run = await runPair(ctx, { server: 'reference', client: 'submission' });
      const toServer = bytesSent(run.wire, 'toServer');
      if (!toServer.equals(expected.toServer)) {
        fail(t(`the client sent ${previewBytes(toServer)}; the reference client sends ${previewBytes(expected.toServer)}`, `客户端发送了 ${previewBytes(toServer)}；参考客户端发送的是 ${previewBytes(expected.toServer)}`), {
          expected: previewBytes(expected.toServer),
          actual: previewBytes(toServer),
        });
      }
      if (!showsPayload(run.stdout, HELLO)) {
        fail(t("the client did not print the echoed 'Hello, world'", "客户端没有打印回显的 'Hello, world'"), { expected: "a line showing Hello, world (e.g. Received b'Hello, world')", actual: run.stdout || '(nothing)' });
      }
      if (!run.exit) fail(t(`the client printed the echo but did not end within ${ctx.timeouts.exitMs / 1000} s`, `客户端打印了回显，但没有在 ${ctx.timeouts.exitMs / 1000} 秒内结束`));
      expectNoCrash(run.client, 'after printing the echo');
    },
  },
  {
    id: 'client-collects-split-echo',
    title: t("prints the whole echo when it arrives as b'Hello, ' then b'world'", "回显分成 b'Hello, ' 和 b'world' 两次到达时，仍打印完整的回显"),
    role: 'client',
    tags: ['partial'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t('One recv() may return part of the reply: keep receiving until you have all 12 bytes you sent.', '一次 recv() 可能只返回回复的一部分：要一直接收，直到收齐你发送的全部 12 个字节。'),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      const message = await peer.readExactly(HELLO.length, ctx.timeouts.replyMs);
      // Echo what the client sent, in two pieces; the second only after it has read the first.
      await peer.sendInPieces(message, [7], { consumeBoundMs: ctx.timeouts.replyMs });
      // Like an echo server: once the client has said it is done sending, close after the echo
      // (a client that shuts down writing and reads to EOF is right too).
      void peer.waitClosed(ctx.timeouts.replyMs).then((kind) => kind && peer.close());
      const printed = await program.stdout.waitFor((text) => showsPayload(text, message), ctx.timeouts.replyMs);
      if (!printed) await explainSingleRecv(program, 'client', 7, message.length, async () => {
        const first = message.subarray(0, 7);
        const stoppedEarly = showsPayload(program.stdout.text(), first);
        const shown = JSON.stringify(program.stdout.text().trim() || '(nothing)');
        fail(stoppedEarly
          ? t(`the client printed ${shown} instead of the whole echo: it stopped after the first piece`, `客户端打印的是 ${shown}，而不是完整的回显：它收到第一个片段后就停止了`)
          : t(`the client printed ${shown} instead of the whole echo`, `客户端打印的是 ${shown}，而不是完整的回显`), {
          expected: `${previewBytes(message)} (e.g. Received ${formatPythonBytes(message)})`,
          actual: program.stdout.text().trim() || '(nothing)',
        });
      });
    },
  },
  {
    id: 'client-server-closes-early',
    title: t('ends (without spinning) when the server closes after part of the echo', '服务器只回显一部分就关闭连接时，客户端能结束（不会空转）'),
    role: 'client',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t("If recv() returns b'' the server has closed: stop waiting for more (break), report it, and end.", "如果 recv() 返回 b''，说明服务器已经关闭：不要再等待更多数据（break），报告这一情况，然后结束。"),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await peer.readExactly(HELLO.length, ctx.timeouts.replyMs);
      await peer.send('Hello');
      peer.close();
      await expectEnds(program, ctx.timeouts.exitMs, 'after the server closed the connection', "A loop like while len(data) < 12: data += s.recv(1024) never ends once recv() returns b''; break when it does.");
    },
  },
];

export const echoChecks: readonly Check[] = [...server, ...client];
