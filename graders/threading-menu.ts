// Checks for the threading-menu exercise (EXERCISES.md § threading-menu): a
// socketserver.ThreadingTCPServer that greets each client with 我是多线程 and answers each message
// (exit ends the conversation, 0 gets 您输入的是0, anything else 请重新输入.), and its client.
//
// The tutorial is Python 2, where socket data is str. Ported to Python 3, data is bytes and
// `data == 'exit'` is always False: such a server answers 请重新输入. to everything, never ends a
// conversation on exit, and loops forever once recv() returns b''. The checks expose each of these.
import { render, t, type Text } from '../harness/i18n/text.js';
import { fail, isCheckFailure } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import type { CheckContext, RunningServer } from '../harness/check/context.js';
import { describeEnding } from '../harness/check/diagnose.js';
import type { TcpPeer } from '../harness/net/tcp-peer.js';
import { describeByteMismatch, formatPythonBytes, previewBytes } from '../harness/util/bytes.js';
import { describeStats, expectServesConcurrently } from './expect/concurrency.js';
import { expectEndsByItself, expectPrints, expectSends, typeLine } from './expect/threads-interactive.js';
import { expectIdle } from './expect/process.js';
import { awaitThreadCrash, explainThreadCrash, stderrMark, threadCrashSince } from './expect/threads.js';
import { clientConnectsCheck } from './expect/starts.js';

const WELCOME = Buffer.from('我是多线程');
const ZERO = Buffer.from('您输入的是0');
const AGAIN = Buffer.from('请重新输入.');
/** Not UTF-8, and no menu word whichever way a server decodes it (errors='ignore' leaves 'hello'). */
const INVALID_UTF8 = Buffer.from([0xff, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0xfe]);

const SERVER_STARTS = 'server-starts';
const SERVER_GREETS = 'server-greets';
const CLIENT_CONNECTS = 'client-connects';
/** Clients talking at once in the concurrency check (plus one silent client). */
const CONCURRENT_CLIENTS = 20;
/** Answers after our FIN that show a loop answering b'' forever (a right server closes at once). */
const FLOOD_ANSWERS = 10;

const BYTES_HINT = t(
  "recv() returns bytes in Python 3: compare with b'exit' and b'0' (data == 'exit' is always False), or decode() first.",
  "在 Python 3 中 recv() 返回的是字节：要和 b'exit'、b'0' 比较（data == 'exit' 永远是 False），或者先 decode()。",
);
/** Who talks, in each language: the default of the helpers below. */
const THE_CLIENT = t('the client', '客户端');

/** Connects and waits for the greeting; returns the peer, its offset after the greeting. */
async function connectGreeted(ctx: CheckContext, server: RunningServer, who: Text = THE_CLIENT): Promise<TcpPeer> {
  let peer: TcpPeer;
  try {
    peer = await ctx.connect(server.address);
  } catch (error) {
    if (!isCheckFailure(error)) throw error;
    await server.program.settle(300);
    const ended = server.program.hasExited ? describeEnding(server.program) : undefined;
    return fail(t(
      `${who.en} could not connect: ${ended !== undefined ? `the server ${ended}` : error.message}`,
      `${who.zh}无法连接：${ended !== undefined ? `服务器已经结束（${ended}）` : render(error.text, 'zh')}`,
    ));
  }
  await explainThreadCrash(server.program, `when ${who.en} connected`, async () => {
    try {
      await peer.readExactly(WELCOME.length, ctx.timeouts.replyMs);
    } catch (error) {
      if (!isCheckFailure(error)) throw error;
      const got = peer.received();
      const waitS = ctx.timeouts.replyMs / 1000;
      fail(t(
        `${who.en} connected and waited for the greeting ${formatPythonBytes(WELCOME)}; ${got.length ? `it got ${previewBytes(got)}` : 'the server sent nothing'}${peer.closeKind ? ' and closed the connection' : ` in ${waitS} s`}`,
        `${who.zh}连接后等待问候语 ${formatPythonBytes(WELCOME)}；${got.length ? `收到的是 ${previewBytes(got)}` : '服务器什么也没有发送'}${peer.closeKind ? '，并且服务器关闭了连接' : `（等了 ${waitS} 秒）`}`,
      ), {
        expected: `${previewBytes(WELCOME)} as soon as the client connects`,
        actual: got.length ? previewBytes(got) : '(nothing)',
      });
    }
  }, peer);
  const got = peer.received().subarray(0, WELCOME.length);
  if (!got.equals(WELCOME)) {
    fail(t(
      `${who.en} was greeted with ${previewBytes(got)} (${describeByteMismatch(WELCOME, got)})`,
      `${who.zh}收到的问候语是 ${previewBytes(got)}（${describeByteMismatch(WELCOME, got)}）`,
    ), { expected: previewBytes(WELCOME), actual: previewBytes(got) });
  }
  return peer;
}

/** Sends a message and waits for exactly `answer`; returns the offset after it. */
async function expectAnswer(ctx: CheckContext, server: RunningServer, peer: TcpPeer, message: string | Buffer, answer: Buffer, from: number, who: Text = THE_CLIENT): Promise<number> {
  const bytes = typeof message === 'string' ? Buffer.from(message) : message;
  const shown = typeof message === 'string' ? JSON.stringify(message) : formatPythonBytes(message);
  await explainThreadCrash(server.program, `after ${who.en} sent ${shown}`, async () => {
    await peer.send(bytes);
    await peer.readExactly(answer.length, ctx.timeouts.replyMs, { from });
  }, peer);
  const got = peer.received().subarray(from, from + answer.length);
  if (!got.equals(answer)) {
    const asBytes = bytes.equals(Buffer.from('0')) && got.equals(AGAIN);
    const mismatch = describeByteMismatch(answer, got);
    fail(t(
      `${who.en} sent ${shown} and got ${previewBytes(got)}; the answer to it is ${previewBytes(answer)}`,
      `${who.zh}发送了 ${shown}，收到的是 ${previewBytes(got)}；正确的回答是 ${previewBytes(answer)}`,
    ), {
      expected: previewBytes(answer),
      actual: previewBytes(got),
      hint: asBytes
        ? BYTES_HINT
        : t(
          `Answer b'0' with '您输入的是0' and anything else with '请重新输入.', encoded as UTF-8 (${mismatch}).`,
          `对 b'0' 回答 '您输入的是0'，对其他任何内容回答 '请重新输入.'，并用 UTF-8 编码（${mismatch}）。`,
        ),
    });
  }
  return from + answer.length;
}

/**
 * After something happened to one conversation: `bystander` (connected before it happened, its
 * greeting not read yet) must be greeted and answered; once it has left, a new client greeted.
 * `event` is a clause in each language ("one client left", "一个客户端离开").
 */
async function expectOthersServed(ctx: CheckContext, server: RunningServer, bystander: TcpPeer, event: Text): Promise<void> {
  const after = `after ${event.en}`;
  if (server.program.hasExited) {
    await server.program.settle(300);
    fail(t(`the server ${describeEnding(server.program)} ${after}`, `${event.zh}之后，服务器结束了（${describeEnding(server.program)}）`));
  }
  const who = t(`another client, connected before ${event.en},`, `在${event.zh}之前就已连接的另一个客户端`);
  await explainThreadCrash(server.program, `while ${who.en} waited for its greeting`, async () => {
    try {
      await bystander.readExactly(WELCOME.length, ctx.timeouts.replyMs);
    } catch (error) {
      if (!isCheckFailure(error)) throw error;
      const waitS = ctx.timeouts.replyMs / 1000;
      fail(t(
        `${who.en} got ${previewBytes(bystander.received()) || 'nothing'} instead of its greeting${bystander.closeKind ? ': its connection was closed' : ` in ${waitS} s`}`,
        `${who.zh}收到的是 ${previewBytes(bystander.received()) || '（什么也没有）'}，而不是它的问候语${bystander.closeKind ? '：它的连接被关闭了' : `（等了 ${waitS} 秒）`}`,
      ), {
        hint: t(
          'Each handler must use only its own connection (self.request); ending one conversation must not touch the others.',
          '每个处理函数只能使用它自己的连接（self.request）；结束一个会话不能影响其他会话。',
        ),
      });
    }
  }, bystander);
  if (!bystander.received().subarray(0, WELCOME.length).equals(WELCOME)) {
    fail(t(`${who.en} was greeted with ${previewBytes(bystander.received())}`, `${who.zh}收到的问候语是 ${previewBytes(bystander.received())}`), {
      expected: previewBytes(WELCOME),
      actual: previewBytes(bystander.received()),
    });
  }
  await expectAnswer(ctx, server, bystander, 'still there?', AGAIN, WELCOME.length, who);
  // It leaves first: a server serving one client at a time is graded by the concurrency check, not here.
  bystander.close();
  await connectGreeted(ctx, server, t(`a new client, connected ${after},`, `在${event.zh}之后连接的新客户端`));
}

const server: Check[] = [
  {
    id: SERVER_STARTS,
    title: t('starts and listens on the assigned port', '启动并在指定的端口上监听'),
    role: 'server',
    tags: ['basic'],
    points: 1,
    hint: t(
      "socketserver.ThreadingTCPServer((host, port), MyServer).serve_forever() with the host and port you are given (Python 3's module is socketserver, lowercase).",
      "用给定的主机和端口调用 socketserver.ThreadingTCPServer((host, port), MyServer).serve_forever()（Python 3 中的模块名是小写的 socketserver）。",
    ),
    async run(ctx) {
      const { program } = await ctx.startServer();
      if (program.hasExited) fail(t(`the server ${describeEnding(program)} right after it started listening`, `服务器刚开始监听就结束了：${describeEnding(program)}`));
    },
  },
  {
    id: SERVER_GREETS,
    title: t('greets every client with 我是多线程 as soon as it connects', '每个客户端一连接上，就用 我是多线程 问候它'),
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: t(
      "First thing in handle(): self.request.sendall('我是多线程'.encode()) (socket data is bytes in Python 3).",
      "handle() 中的第一件事：self.request.sendall('我是多线程'.encode())（在 Python 3 中套接字数据是字节）。",
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      await connectGreeted(ctx, server);
    },
  },
  {
    id: 'server-answers-menu',
    title: t('answers 0 with 您输入的是0 and anything else with 请重新输入.', '对 0 回答 您输入的是0，对其他任何内容回答 请重新输入.'),
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_GREETS,
    hint: BYTES_HINT,
    async run(ctx) {
      const server = await ctx.startServer();
      const peer = await connectGreeted(ctx, server);
      let from = WELCOME.length;
      for (const [message, answer] of [['0', ZERO], ['hello', AGAIN], ['1', AGAIN], ['你好', AGAIN], ['0', ZERO]] as const) {
        from = await expectAnswer(ctx, server, peer, message, answer, from);
      }
    },
  },
  {
    id: 'server-exit',
    title: t('ends the conversation when the client sends exit, and goes on serving the others', '客户端发送 exit 时结束这个会话，并继续为其他客户端服务'),
    role: 'server',
    tags: ['quit'],
    points: 1,
    dependsOn: SERVER_GREETS,
    hint: t(
      "Leave the loop when data == b'exit' (bytes: data == 'exit' is always False in Python 3); handle() returning closes the connection.",
      "当 data == b'exit' 时跳出循环（是字节：在 Python 3 中 data == 'exit' 永远是 False）；handle() 返回后连接就会关闭。",
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      const peer = await connectGreeted(ctx, server);
      // Another client connects before the first leaves (it talks only afterwards: a server serving
      // one client at a time is graded by the concurrency check, not here).
      const bystander = await ctx.connect(server.address);
      const from = WELCOME.length;
      const mark = stderrMark(server.program);
      await peer.send('exit');
      const kind = await peer.waitClosed(ctx.timeouts.replyMs);
      const got = peer.received().subarray(from);
      if (!kind) {
        const bytesBug = got.equals(AGAIN) || (got.length > 0 && got.length % AGAIN.length === 0 && got.subarray(0, AGAIN.length).equals(AGAIN));
        const openS = ctx.timeouts.replyMs / 1000;
        fail(t(
          `after the client sent exit, the server ${got.length ? `answered ${previewBytes(got)} and ` : ''}kept the conversation open for ${openS} s${bytesBug ? ": it took exit for any other message (data == 'exit' compares bytes with str)" : ''}`,
          `客户端发送 exit 之后，服务器${got.length ? `回答了 ${previewBytes(got)}，并且` : ''}让会话保持打开了 ${openS} 秒${bytesBug ? "：它把 exit 当成了普通消息（data == 'exit' 是在拿字节和字符串比较）" : ''}`,
        ), {
          ...(bytesBug ? { hint: BYTES_HINT } : {}),
        });
      }
      await expectOthersServed(ctx, server, bystander, t('one client sent exit', '一个客户端发送 exit'));
      // A handler's traceback is printed before its connection closes: by now it has reached us.
      const crash = threadCrashSince(server.program, mark);
      if (crash) fail(t(`after the client sent exit, the handler crashed: ${crash}`, `客户端发送 exit 之后，处理函数崩溃了：${crash}`));
    },
  },
  {
    id: 'server-peer-leaves',
    title: t('ends the conversation cleanly when the client closes its side, without spinning or answering b\'\'', "客户端关闭自己一端时，干净地结束会话，不空转，也不回答 b''"),
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_GREETS,
    hint: t("recv() returns b'' once the client has closed: leave the loop (if not data: break) instead of answering it.", "客户端关闭后 recv() 会返回 b''：跳出循环（if not data: break），不要回答它。"),
    async run(ctx) {
      const server = await ctx.startServer();
      const peer = await connectGreeted(ctx, server);
      const bystander = await ctx.connect(server.address);
      const from = WELCOME.length;
      const mark = stderrMark(server.program);
      peer.shutdownWrite();
      // A right server closes at once; one that answers b'' floods us: stop at a few answers.
      const flood = AGAIN.length * FLOOD_ANSWERS;
      const flooded = await peer.readExactly(flood, ctx.timeouts.replyMs, { from }).then(() => true, () => false);
      if (flooded) {
        fail(t(
          `after the client closed its side, the server answered ${previewBytes(AGAIN)} ${FLOOD_ANSWERS} times and went on: it treats recv()'s b'' as a message, forever`,
          `客户端关闭自己一端之后，服务器回答了 ${FLOOD_ANSWERS} 次 ${previewBytes(AGAIN)} 并且还在继续：它把 recv() 返回的 b'' 当成了消息，永远处理下去`,
        ));
      }
      const closed = peer.closeKind;
      await expectIdle(server.program, 'the client closed its side');
      if (!closed) {
        const crash = threadCrashSince(server.program, mark);
        const waitS = ctx.timeouts.replyMs / 1000;
        fail(t(
          `the server never ended the conversation in ${waitS} s after the client closed its side${crash ? `; a handler crashed: ${crash}` : ''}`,
          `客户端关闭自己一端后 ${waitS} 秒内，服务器一直没有结束会话${crash ? `；一个处理函数崩溃了：${crash}` : ''}`,
        ));
      }
      await expectOthersServed(ctx, server, bystander, t('one client left', '一个客户端离开'));
      // A handler's traceback is printed before its connection closes: by now it has reached us.
      const crash = threadCrashSince(server.program, mark);
      if (crash) fail(t(`after the client closed its side, the handler crashed: ${crash}`, `客户端关闭自己一端之后，处理函数崩溃了：${crash}`));
    },
  },
  {
    id: 'server-concurrent-clients',
    title: t(
      `greets and answers ${CONCURRENT_CLIENTS} clients connected at once, messages interleaved, while a silent client stays connected`,
      `同时问候并回答 ${CONCURRENT_CLIENTS} 个已连接的客户端（消息交错到达），同时还有一个不说话的客户端一直保持连接`,
    ),
    role: 'server',
    tags: ['concurrency'],
    points: 2,
    dependsOn: SERVER_GREETS,
    timeoutMs: 25_000,
    hint: t(
      'Use socketserver.ThreadingTCPServer (a thread per client), not TCPServer, which serves one client at a time.',
      '使用 socketserver.ThreadingTCPServer（每个客户端一个线程），而不是一次只能服务一个客户端的 TCPServer。',
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      const stats = await expectServesConcurrently(ctx, server, {
        clients: CONCURRENT_CLIENTS,
        rounds: 3,
        greeting: WELCOME,
        noun: 'answer',
        // Not menu words: this check is about serving everyone at once, whatever the comparisons do.
        message: (client, round) => Buffer.from(`client ${client} message ${round}`),
        answer: () => AGAIN,
      });
      return { note: describeStats(stats, ctx.timeouts.replyMs) };
    },
  },
  {
    // What fails here: invalid UTF-8 is "anything else" and is answered 请重新输入. like any other
    // message. A handler that decodes strictly crashes on it: socketserver prints the traceback and
    // closes that connection but goes on serving the others. That still fails (the client was
    // dropped without an answer), and the message says the others were unaffected; a server whose
    // other conversations or new clients stop being served fails with that said instead.
    id: 'server-invalid-utf8',
    title: t('answers invalid UTF-8 with 请重新输入., and its other conversations go on', '对不合法的 UTF-8 回答 请重新输入.，其他会话照常继续'),
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_GREETS,
    hint: t(
      "Compare bytes (data == b'0'), or decode with errors='replace': recv() may return bytes that are not UTF-8, and one bad message must not end the conversation.",
      "直接比较字节（data == b'0'），或者用 errors='replace' 解码：recv() 可能返回不是 UTF-8 的字节，一条坏消息不能让会话结束。",
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      const sender = await connectGreeted(ctx, server, THE_CLIENT);
      // Connected before the bad message: it must be served whatever that message did.
      const bystander = await ctx.connect(server.address);
      const mark = stderrMark(server.program);
      await sender.send(INVALID_UTF8);
      const answered = await sender.readExactly(AGAIN.length, ctx.timeouts.replyMs, { from: WELCOME.length }).then(() => true, () => false);
      const crash = answered ? undefined : await awaitThreadCrash(server.program, mark, sender.closeKind ? 300 : 0);
      const reply = sender.received().subarray(WELCOME.length);
      sender.close();
      const bad = formatPythonBytes(INVALID_UTF8);
      const event = t(`a client sent ${bad} (invalid UTF-8)`, `一个客户端发送了 ${bad}（不是合法的 UTF-8）`);
      const waitS = ctx.timeouts.replyMs / 1000;
      const lost: Text | undefined = answered ? undefined : crash
        ? t(
          `the conversation that sent ${bad} (invalid UTF-8) crashed with ${crash} and got no answer`,
          `发送 ${bad}（不是合法的 UTF-8）的那个会话崩溃了（${crash}），没有得到回答`,
        )
        : t(
          `the client that sent ${bad} (invalid UTF-8) got ${reply.length ? previewBytes(reply) : 'nothing'}${sender.closeKind ? ' and the connection was closed' : ` in ${waitS} s`}`,
          `发送 ${bad}（不是合法的 UTF-8）的客户端${reply.length ? `收到的是 ${previewBytes(reply)}` : '什么也没有收到'}${sender.closeKind ? '，并且连接被关闭了' : `（等了 ${waitS} 秒）`}`,
        );
      // Whatever happened to that conversation, the others must go on.
      try {
        await expectOthersServed(ctx, server, bystander, event);
      } catch (error) {
        if (!isCheckFailure(error)) throw error;
        fail(t(
          `${lost ? `${lost.en}, and ` : `after ${event.en}, `}the server stopped serving the other clients: ${render(error.text, 'en')}`,
          `${lost ? `${lost.zh}，而且` : `${event.zh}之后，`}服务器不再为其他客户端服务了：${render(error.text, 'zh')}`,
        ), error.details);
      }
      if (lost) {
        fail(t(
          `${lost.en}; the server went on serving the other clients (socketserver catches a handler's exception and closes only that connection), but that client was dropped: anything that is not 0 or exit is answered 请重新输入.`,
          `${lost.zh}；服务器继续为其他客户端服务（socketserver 会捕获处理函数的异常，只关闭那一个连接），但那个客户端被丢下了：除了 0 和 exit 以外，任何内容都应该回答 请重新输入.`,
        ), {
          expected: previewBytes(AGAIN),
          actual: reply.length ? previewBytes(reply) : '(nothing)',
        });
      }
      const got = reply.subarray(0, AGAIN.length);
      if (!got.equals(AGAIN)) {
        fail(t(
          `the client sent ${bad} (invalid UTF-8) and got ${previewBytes(got)}; the answer to anything but 0 and exit is ${previewBytes(AGAIN)}`,
          `客户端发送了 ${bad}（不是合法的 UTF-8），收到的是 ${previewBytes(got)}；对 0 和 exit 以外任何内容的回答都应该是 ${previewBytes(AGAIN)}`,
        ), { expected: previewBytes(AGAIN), actual: previewBytes(got) });
      }
    },
  },
];

const client: Check[] = [
  clientConnectsCheck(),
  {
    id: 'client-prints-and-sends',
    title: t('prints what the server sends (receive: ...) and sends each line the user types', '打印服务器发来的内容（receive: ...），并发送用户输入的每一行'),
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "Loop: data = sk.recv(1024); print('receive:', data.decode()); inp = input('please input:'); sk.sendall(inp.encode()).",
      "循环执行：data = sk.recv(1024); print('receive:', data.decode()); inp = input('please input:'); sk.sendall(inp.encode())。",
    ),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      let printedFrom = 0;
      let from = 0;
      let message = WELCOME;
      let situation = 'the server greeted the client with 我是多线程';
      for (const [line, answer] of [['0', ZERO], ['hello', AGAIN]] as const) {
        await peer.send(message);
        await expectPrints(program, message, printedFrom, ctx.timeouts.replyMs, situation);
        printedFrom = program.stdout.text().length;
        typeLine(program, line);
        from = await expectSends(program, peer, from, line, ctx.timeouts.replyMs);
        message = answer;
        situation = `the server answered ${JSON.stringify(line)} with ${answer.toString()}`;
      }
      await peer.send(message);
      await expectPrints(program, message, printedFrom, ctx.timeouts.replyMs, situation);
    },
  },
  {
    id: 'client-exit',
    title: t('stops by itself after sending exit', '发送 exit 之后自行停止'),
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t("Compare the typed text (inp == 'exit') before encoding it, and break out of the loop after sending it.", "在编码之前比较输入的文本（inp == 'exit'），发送之后跳出循环。"),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await peer.send(WELCOME);
      await expectPrints(program, WELCOME, 0, ctx.timeouts.replyMs, 'the server greeted the client with 我是多线程');
      typeLine(program, 'exit');
      await expectSends(program, peer, 0, 'exit', ctx.timeouts.replyMs);
      // The connection stays open: the client must stop because it sent exit, not because the server closed.
      await expectEndsByItself(program, ctx.timeouts.exitMs, 'after the user typed exit (the connection still open)', {
        repeats: "After sending exit, break out of the loop: do not go back to recv().",
        waitsForUser: "Compare the typed text with 'exit' (inp == 'exit', before encode(): b'exit' == 'exit' is False) and break after sending it.",
        other: "Compare the typed text with 'exit' (inp == 'exit', before encode(): b'exit' == 'exit' is False) and break after sending it, instead of waiting in recv() for an answer that does not come.",
      });
    },
  },
  {
    id: 'client-server-closes',
    title: t('ends by itself when the server closes the connection', '服务器关闭连接时自行结束'),
    role: 'client',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "When recv() returns b'' the server has closed: break out of the loop (if not data: break) instead of asking for input.",
      "recv() 返回 b'' 说明服务器已经关闭：跳出循环（if not data: break），不要再请求输入。",
    ),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      await peer.send(WELCOME);
      await expectPrints(program, WELCOME, 0, ctx.timeouts.replyMs, 'the server greeted the client with 我是多线程');
      typeLine(program, 'hello');
      await expectSends(program, peer, 0, 'hello', ctx.timeouts.replyMs);
      peer.close();
      await expectEndsByItself(program, ctx.timeouts.exitMs, 'after the server closed the connection', {
        repeats: "When recv() returns b'' the server has closed: break out of the loop instead of printing the empty data again and again.",
        waitsForUser: "When recv() returns b'' the server has closed: break out of the loop instead of asking for input.",
        other: "When recv() returns b'' the server has closed: break out of the loop and close the socket.",
      });
    },
  },
];

export const threadingMenuChecks: readonly Check[] = [...server, ...client];
