// Checks for the thread-echo exercise (EXERCISES.md § thread-echo): a server with a thread per
// client that echoes each message (`quit` or b'' closes that client only), and a client with a
// thread that sends what the user types and another that prints whatever the server sends.
import { render, t, type Text } from '../harness/i18n/text.js';
import { fail, isCheckFailure } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import type { CheckContext, RunningServer } from '../harness/check/context.js';
import { describeEnding } from '../harness/check/diagnose.js';
import type { TcpPeer } from '../harness/net/tcp-peer.js';
import { describeByteMismatch, previewBytes } from '../harness/util/bytes.js';
import { describeStats, expectServesConcurrently } from './expect/concurrency.js';
import { expectEndsByItself, expectPrints, expectSends, settleAtInput, typeLine } from './expect/threads-interactive.js';
import { CRASH_GRACE_MS, expectIdle } from './expect/process.js';
import { explainThreadCrash, stderrMark, threadCrashSince } from './expect/threads.js';

const SERVER_STARTS = 'server-starts';
const SERVER_ECHOES = 'server-echoes-messages';
const CLIENT_CONNECTS = 'client-connects';

/** Messages of one conversation: ASCII, UTF-8 text (the tutorial decodes every message), spaces. */
const MESSAGES = ['hello', '你好，多线程', 'one more message, with spaces'];
/** Clients talking at once in the concurrency check (plus one silent client). */
const CONCURRENT_CLIENTS = 20;

/**
 * Sends `message` and waits for its exact echo (counting from `from` in what the peer received);
 * returns the offset after it. A thread that crashed is named in the failure. `who` names the
 * client in each language ("the client", "客户端").
 */
async function expectEcho(ctx: CheckContext, server: RunningServer, peer: TcpPeer, message: string, from: number, who: Text = t('the client', '客户端')): Promise<number> {
  const bytes = Buffer.from(message, 'utf8');
  await explainThreadCrash(server.program, `after ${who.en} sent ${JSON.stringify(message)}`, async () => {
    await peer.send(bytes);
    await peer.readExactly(bytes.length, ctx.timeouts.replyMs, { from });
  }, peer);
  const got = peer.received().subarray(from, from + bytes.length);
  if (!got.equals(bytes)) {
    fail(t(
      `${who.en} sent ${previewBytes(bytes)} and got back ${previewBytes(got)} (${describeByteMismatch(bytes, got)})`,
      `${who.zh}发送了 ${previewBytes(bytes)}，收到的回显却是 ${previewBytes(got)}（${describeByteMismatch(bytes, got)}）`,
    ), { expected: previewBytes(bytes), actual: previewBytes(got) });
  }
  return from + bytes.length;
}

/**
 * After something happened to one client's connection: `bystander` (connected before it
 * happened, silent so far) must still be echoed; once it has left, a new client must be accepted.
 * `event` is a clause in each language ("one client quit", "一个客户端发送 quit 退出").
 */
async function expectOthersServed(ctx: CheckContext, server: RunningServer, bystander: TcpPeer, event: Text): Promise<void> {
  const after = `after ${event.en}`;
  if (server.program.hasExited) {
    await server.program.settle(300);
    fail(t(`the server ${describeEnding(server.program)} ${after}`, `${event.zh}之后，服务器结束了（${describeEnding(server.program)}）`));
  }
  const closedMessage = (): Text => {
    const reset = bystander.closeKind === 'reset';
    return t(
      `the connection of another client, connected all along, was ${reset ? 'reset' : 'closed'} by the server ${after}: only the connection of the client concerned may end`,
      `${event.zh}之后，另一个一直保持连接的客户端的连接被服务器${reset ? '重置' : '关闭'}了：只有相关的那个客户端的连接才可以结束`,
    );
  };
  const closedHint = t(
    'Each thread must use and close only its own connection (the conn it was given as an argument), never a global variable that the next accept() overwrites.',
    '每个线程只能使用和关闭它自己的连接（作为参数传给它的 conn），绝不能用一个会被下一次 accept() 覆盖的全局变量。',
  );
  if (bystander.closeKind) fail(closedMessage(), { hint: closedHint });
  try {
    await expectEcho(ctx, server, bystander, 'still there?', 0, t(`another client, connected before ${event.en},`, `在${event.zh}之前就已连接的另一个客户端`));
  } catch (error) {
    if (isCheckFailure(error) && bystander.closeKind && !server.program.hasExited) {
      const closed = closedMessage();
      fail(t(`${closed.en} (${render(error.text, 'en')})`, `${closed.zh}（${render(error.text, 'zh')}）`), { hint: closedHint });
    }
    throw error;
  }
  // It leaves first: a server serving one client at a time is graded by the concurrency check, not here.
  bystander.close();
  let peer: TcpPeer;
  try {
    peer = await ctx.connect(server.address);
  } catch (error) {
    await server.program.settle(300);
    const ended = server.program.hasExited ? describeEnding(server.program) : undefined;
    const why = ended !== undefined ? `the server ${ended}` : (error as Error).message;
    const whyZh = ended !== undefined ? `服务器已经结束（${ended}）` : (error as Error).message;
    return fail(t(`a new client could not connect ${after}: ${why}`, `${event.zh}之后，新的客户端无法连接：${whyZh}`), {
      hint: t('Keep accepting: the loop around accept() must go on whatever happens to one client.', '要一直接受新连接：无论某个客户端发生了什么，accept() 外面的循环都必须继续。'),
    });
  }
  await expectEcho(ctx, server, peer, 'anyone there?', 0, t(`a new client, connected ${after},`, `在${event.zh}之后连接的新客户端`));
}

/** Waits for the server to close `peer`'s connection; returns what it sent before closing, or undefined if it did not close. */
async function closedAfter(ctx: CheckContext, peer: TcpPeer, from: number): Promise<Buffer | undefined> {
  const kind = await peer.waitClosed(ctx.timeouts.replyMs);
  return kind ? peer.received().subarray(from) : undefined;
}

const server: Check[] = [
  {
    id: SERVER_STARTS,
    title: t('starts and listens on the assigned port', '启动并在指定的端口上监听'),
    role: 'server',
    tags: ['basic'],
    points: 1,
    hint: t('bind() the host and port you are given, listen(), then accept() clients in a loop.', 'bind() 给定的主机和端口，listen()，然后在循环中 accept() 客户端。'),
    async run(ctx) {
      const { program } = await ctx.startServer();
      if (program.hasExited) fail(t(`the server ${describeEnding(program)} right after it started listening`, `服务器刚开始监听就结束了：${describeEnding(program)}`));
    },
  },
  {
    id: SERVER_ECHOES,
    title: t('echoes each message of a conversation exactly, UTF-8 text included', '准确回显一次会话中的每条消息，包括 UTF-8 文本'),
    role: 'server',
    tags: ['basic'],
    points: 4,
    dependsOn: SERVER_STARTS,
    hint: t(
      "In the client's thread: loop msg = conn.recv(1024); send the very bytes back with sendall(); stop at b'' or quit.",
      "在客户端的线程里循环：msg = conn.recv(1024)；用 sendall() 把同样的字节发回去；遇到 b'' 或 quit 时停止。",
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      const peer = await ctx.connect(server.address);
      let from = 0;
      for (const message of MESSAGES) from = await expectEcho(ctx, server, peer, message, from);
    },
  },
  {
    id: 'server-concurrent-clients',
    title: t(
      `echoes ${CONCURRENT_CLIENTS} clients connected at once, messages interleaved, while a silent client stays connected`,
      `同时为 ${CONCURRENT_CLIENTS} 个已连接的客户端回显交错到达的消息，同时还有一个不说话的客户端一直保持连接`,
    ),
    role: 'server',
    tags: ['concurrency'],
    points: 2,
    dependsOn: SERVER_ECHOES,
    timeoutMs: 25_000,
    hint: t(
      'Start a thread per accepted client (threading.Thread(target=..., args=(conn, addr)).start()) and go straight back to accept(); never join() it there.',
      '为每个接受的客户端启动一个线程（threading.Thread(target=..., args=(conn, addr)).start()），然后立即回到 accept()；不要在那里 join() 它。',
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      const stats = await expectServesConcurrently(ctx, server, {
        clients: CONCURRENT_CLIENTS,
        rounds: 3,
        noun: 'echo',
        message: (client, round) => Buffer.from(`client ${client} says message ${round}`),
        answer: (client, round) => Buffer.from(`client ${client} says message ${round}`),
      });
      return { note: describeStats(stats, ctx.timeouts.replyMs) };
    },
  },
  {
    id: 'server-quit',
    title: t('closes the connection of a client that sends quit, and goes on serving others', '关闭发送 quit 的客户端的连接，并继续为其他客户端服务'),
    role: 'server',
    tags: ['quit'],
    points: 1,
    dependsOn: SERVER_ECHOES,
    hint: t(
      "Compare the whole message with 'quit' (msg == 'quit' after decode(), or data == b'quit'), then close that connection and end its thread.",
      "把整条消息和 'quit' 比较（decode() 之后 msg == 'quit'，或者 data == b'quit'），然后关闭这个连接并结束它的线程。",
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      const peer = await ctx.connect(server.address);
      const from = await expectEcho(ctx, server, peer, 'hello', 0);
      // Another client connects before the first quits (it talks only afterwards: a server serving
      // one client at a time is graded by the concurrency check, not here).
      const bystander = await ctx.connect(server.address);
      const mark = stderrMark(server.program);
      await peer.send('quit');
      const before = await closedAfter(ctx, peer, from);
      if (!before) {
        const got = peer.received().subarray(from);
        const echoedQuit = got.equals(Buffer.from('quit'));
        const echoed = echoedQuit ? 'echoed b\'quit\' and ' : got.length ? `sent ${previewBytes(got)} and ` : '';
        const echoedZh = echoedQuit ? "回显了 b'quit'，并且" : got.length ? `发送了 ${previewBytes(got)}，并且` : '';
        const openS = ctx.timeouts.replyMs / 1000;
        fail(t(
          `after the client sent quit, the server ${echoed}kept the connection open for ${openS} s: it did not recognise quit`,
          `客户端发送 quit 之后，服务器${echoedZh}让连接保持打开了 ${openS} 秒：它没有识别出 quit`,
        ));
      }
      await expectOthersServed(ctx, server, bystander, t('one client quit', '一个客户端发送 quit 退出'));
      // A thread's traceback is printed before its socket is released: by now it has reached us.
      const crash = threadCrashSince(server.program, mark);
      if (crash) {
        fail(t(`after the client sent quit, a thread of the server crashed: ${crash}`, `客户端发送 quit 之后，服务器的一个线程崩溃了：${crash}`), {
          hint: t('Leave the loop (break) after closing the connection: recv() on a closed socket raises an error.', '关闭连接之后要跳出循环（break）：在已关闭的套接字上调用 recv() 会抛出错误。'),
        });
      }
    },
  },
  {
    id: 'server-peer-leaves',
    title: t('closes the connection cleanly when a client closes its side, without spinning, and goes on serving others', '客户端关闭自己一端时，干净地关闭连接、不空转，并继续为其他客户端服务'),
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_ECHOES,
    hint: t(
      "recv() returns b'' once the client has closed: close that connection and leave the thread's loop (if not msg: break).",
      "客户端关闭后 recv() 会返回 b''：关闭这个连接，并跳出线程的循环（if not msg: break）。",
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      const peer = await ctx.connect(server.address);
      await expectEcho(ctx, server, peer, 'hello', 0);
      const bystander = await ctx.connect(server.address);
      const mark = stderrMark(server.program);
      peer.shutdownWrite();
      const closed = await peer.waitClosed(ctx.timeouts.replyMs);
      await expectIdle(server.program, 'the client closed its side');
      if (!closed) {
        const crash = threadCrashSince(server.program, mark);
        const waitS = ctx.timeouts.replyMs / 1000;
        fail(t(
          `the server never closed the connection in ${waitS} s after the client closed its side${crash ? `; a thread of the server crashed: ${crash}` : ''}`,
          `客户端关闭自己一端后 ${waitS} 秒内，服务器一直没有关闭连接${crash ? `；服务器的一个线程崩溃了：${crash}` : ''}`,
        ));
      }
      await expectOthersServed(ctx, server, bystander, t('one client left', '一个客户端离开'));
      // A thread's traceback is printed before its socket is released: by now it has reached us.
      const crash = threadCrashSince(server.program, mark);
      if (crash) fail(t(`after the client closed its side, a thread of the server crashed: ${crash}`, `客户端关闭自己一端之后，服务器的一个线程崩溃了：${crash}`));
    },
  },
  {
    id: 'server-sequential',
    title: t('serves a second and a third client after the first has left', '第一个客户端离开后，继续为第二个和第三个客户端服务'),
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_ECHOES,
    hint: t(
      'Put accept() in a loop (while True:), so the server waits for the next client after starting a thread for this one.',
      '把 accept() 放进循环（while True:），这样服务器为当前客户端启动线程之后，会继续等待下一个客户端。',
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      const ordinalsZh = ['第一个', '第二个', '第三个'];
      for (const [i, who] of ['first', 'second', 'third'].entries()) {
        const whoZh = ordinalsZh[i]!;
        // A server on its way out is seen out before the next client knocks: its port, once
        // free, may already be another program's (a reset from a stranger says nothing of ours).
        if (i > 0 && server.program.mayBeEnding()) await server.program.settle(CRASH_GRACE_MS);
        if (i > 0 && server.program.hasExited) {
          fail(t(
            `the ${who} client could not connect: after its ${i === 1 ? 'first client' : 'first two clients'} left, the server ${describeEnding(server.program)}`,
            `${whoZh}客户端无法连接：${i === 1 ? '第一个客户端' : '前两个客户端'}离开之后，服务器结束了（${describeEnding(server.program)}）`,
          ));
        }
        let peer: TcpPeer;
        try {
          peer = await ctx.connect(server.address);
        } catch (error) {
          return fail(t(
            `the ${who} client could not connect after the others had left: ${(error as Error).message}`,
            `前面的客户端离开之后，${whoZh}客户端无法连接：${(error as Error).message}`,
          ));
        }
        await expectEcho(ctx, server, peer, `I am the ${who} client`, 0, t(`the ${who} client`, `${whoZh}客户端`));
        peer.close();
        await peer.waitClosed(ctx.timeouts.replyMs);
      }
    },
  },
];

const EXIT_HINTS = {
  repeats: t(
    "When recv() returns b'' the server has closed: instead of printing the empty message again and again, end the program from the receive thread (os._exit(0): the input thread, blocked in input(), cannot be stopped otherwise).",
    "recv() 返回 b'' 说明服务器已经关闭：不要一遍又一遍地打印空消息，而要在接收线程中结束整个程序（os._exit(0)：阻塞在 input() 中的输入线程没有别的办法停下来）。",
  ),
  waitsForUser: t(
    "The server closed the connection, yet the client waits at input(), which no other thread can interrupt: when recv() returns b'', end the whole program from the receive thread (os._exit(0)).",
    "服务器已经关闭了连接，客户端却还停在 input()，而别的线程无法打断它：recv() 返回 b'' 时，在接收线程中结束整个程序（os._exit(0)）。",
  ),
  other: t(
    "Once the server has closed, the program must end: when recv() returns b'', end it from the receive thread (os._exit(0)); a thread left in input() or recv() keeps it alive.",
    "服务器关闭后，程序必须结束：recv() 返回 b'' 时，在接收线程中结束程序（os._exit(0)）；停留在 input() 或 recv() 中的线程会让程序一直运行。",
  ),
};

const client: Check[] = [
  {
    id: CLIENT_CONNECTS,
    title: t('connects to the assigned server address', '连接到指定的服务器地址'),
    role: 'client',
    tags: ['basic'],
    points: 1,
    hint: t(
      'connect() to the host and port you are given ({host} {port} or $HOST $PORT) before asking for input.',
      '在请求用户输入之前，先 connect() 到给定的主机和端口（{host} {port} 或 $HOST $PORT）。',
    ),
    async run(ctx) {
      await ctx.acceptClient();
    },
  },
  {
    id: 'client-sends-lines',
    title: t('sends each line the user types and prints the echo of each', '发送用户输入的每一行，并打印每一行的回显'),
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      'One thread: line = input(...); sock.send(line.encode()); another thread: data = sock.recv(1024); print(data.decode()).',
      '一个线程：line = input(...); sock.send(line.encode())；另一个线程：data = sock.recv(1024); print(data.decode())。',
    ),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      let from = 0;
      for (const line of MESSAGES.slice(0, 2)) {
        typeLine(program, line);
        from = await expectSends(program, peer, from, line, ctx.timeouts.replyMs);
        // What it prints from now on is the echo (a client may print the line it sends, before sending).
        const printedFrom = program.stdout.text().length;
        await peer.send(line);
        await expectPrints(program, Buffer.from(line), printedFrom, ctx.timeouts.replyMs, `the server echoed ${JSON.stringify(line)}`);
      }
    },
  },
  {
    id: 'client-prints-pushed',
    title: t('prints a message the server sends while the user types nothing', '用户什么也没输入时，也能打印服务器发来的消息'),
    role: 'client',
    tags: ['basic'],
    points: 2,
    dependsOn: CLIENT_CONNECTS,
    // Waiting in input() while nothing is typed is right here: the check is whether another thread prints.
    waitsForTypedInput: true,
    hint: t(
      'Receive in a thread of its own (threading.Thread(target=recv_loop).start()): while the main thread waits in input(), only that thread can print what arrives.',
      '在单独的线程中接收（threading.Thread(target=recv_loop).start()）：主线程在 input() 中等待时，只有那个线程能打印收到的内容。',
    ),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      const pushed = Buffer.from('服务器推送：有人上线了');
      await peer.send(pushed);
      await expectPrints(program, pushed, 0, ctx.timeouts.replyMs, 'the server sent a message while the user typed nothing');
    },
  },
  {
    id: 'client-exit',
    title: t('sends exit and ends by itself when the user types exit', '用户输入 exit 时发送 exit，然后自行结束'),
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: t(
      "After sending, compare the typed line with 'exit' (before encoding it); then stop both threads: the program must end.",
      "发送之后，把输入的这一行（编码之前）和 'exit' 比较；然后停止两个线程：程序必须结束。",
    ),
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      typeLine(program, 'exit');
      await expectSends(program, peer, 0, 'exit', ctx.timeouts.replyMs);
      // As the reference server does: only quit closes, so exit is echoed and the connection stays open.
      await peer.send('exit').catch(() => {});
      await expectEndsByItself(program, ctx.timeouts.exitMs, "after the user typed exit (the server echoed it and kept the connection open)", {
        repeats: 'After exit, stop the receive loop too (a flag it checks, or shutdown() the socket so its recv() returns).',
        waitsForUser: "Compare the typed line with 'exit' (msg == 'exit', before encode()) and leave the input loop after sending it.",
        other: "After sending exit, the program must end although the receive thread is still in recv(): end it with os._exit(0) after sending, or shutdown() the socket so that recv() returns b'' and the thread can stop.",
      });
    },
  },
  {
    id: 'client-server-closes',
    title: t('ends by itself, without spinning or printing empty messages, when the server closes', '服务器关闭时自行结束，不空转，也不打印空消息'),
    role: 'client',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: EXIT_HINTS.repeats,
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      const printedFrom = program.stdout.text().length;
      typeLine(program, 'hello');
      await expectSends(program, peer, 0, 'hello', ctx.timeouts.replyMs);
      await peer.send('hello');
      await expectPrints(program, Buffer.from('hello'), printedFrom, ctx.timeouts.replyMs, 'the server echoed "hello"');
      // The close must find the input thread back in input(), as it would be a moment later anyway.
      await settleAtInput(program, ctx.timeouts.replyMs);
      peer.close();
      // graders/expect takes English hints until it is bilingual.
      await expectEndsByItself(program, ctx.timeouts.exitMs, 'after the server closed the connection', {
        repeats: EXIT_HINTS.repeats.en,
        waitsForUser: EXIT_HINTS.waitsForUser.en,
        other: EXIT_HINTS.other.en,
      });
    },
  },
];

export const threadEchoChecks: readonly Check[] = [...server, ...client];
