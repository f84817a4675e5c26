// Checks for the thread-echo exercise (EXERCISES.md § thread-echo): a server with a thread per
// client that echoes each message (`quit` or b'' closes that client only), and a client with a
// thread that sends what the user types and another that prints whatever the server sends.
import { fail, isCheckFailure } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import type { CheckContext, RunningServer } from '../harness/check/context.js';
import { describeEnding } from '../harness/check/diagnose.js';
import type { TcpPeer } from '../harness/net/tcp-peer.js';
import { describeByteMismatch, previewBytes } from '../harness/util/bytes.js';
import { describeStats, expectServesConcurrently } from './expect/concurrency.js';
import { expectEndsByItself, expectPrints, expectSends, settleAtInput, typeLine } from './expect/threads-interactive.js';
import { expectIdle } from './expect/process.js';
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
 * returns the offset after it. A thread that crashed is named in the failure.
 */
async function expectEcho(ctx: CheckContext, server: RunningServer, peer: TcpPeer, message: string, from: number, who = 'the client'): Promise<number> {
  const bytes = Buffer.from(message, 'utf8');
  await explainThreadCrash(server.program, `after ${who} sent ${JSON.stringify(message)}`, async () => {
    await peer.send(bytes);
    await peer.readExactly(bytes.length, ctx.timeouts.replyMs, { from });
  }, peer);
  const got = peer.received().subarray(from, from + bytes.length);
  if (!got.equals(bytes)) {
    fail(`${who} sent ${previewBytes(bytes)} and got back ${previewBytes(got)} (${describeByteMismatch(bytes, got)})`, { expected: previewBytes(bytes), actual: previewBytes(got) });
  }
  return from + bytes.length;
}

/**
 * After something happened to one client's connection: `bystander` (connected before it
 * happened, silent so far) must still be echoed; once it has left, a new client must be accepted.
 */
async function expectOthersServed(ctx: CheckContext, server: RunningServer, bystander: TcpPeer, event: string): Promise<void> {
  const after = `after ${event}`;
  if (server.program.hasExited) {
    await server.program.settle(300);
    fail(`the server ${describeEnding(server.program)} ${after}`);
  }
  const closedMessage = () => `the connection of another client, connected all along, was ${bystander.closeKind === 'reset' ? 'reset' : 'closed'} by the server ${after}: only the connection of the client concerned may end`;
  const closedHint = 'Each thread must use and close only its own connection (the conn it was given as an argument), never a global variable that the next accept() overwrites.';
  if (bystander.closeKind) fail(closedMessage(), { hint: closedHint });
  try {
    await expectEcho(ctx, server, bystander, 'still there?', 0, `another client, connected before ${event},`);
  } catch (error) {
    if (isCheckFailure(error) && bystander.closeKind && !server.program.hasExited) fail(`${closedMessage()} (${error.message})`, { hint: closedHint });
    throw error;
  }
  // It leaves first: a server serving one client at a time is graded by the concurrency check, not here.
  bystander.close();
  let peer: TcpPeer;
  try {
    peer = await ctx.connect(server.address);
  } catch (error) {
    await server.program.settle(300);
    const why = server.program.hasExited ? `the server ${describeEnding(server.program)}` : (error as Error).message;
    return fail(`a new client could not connect ${after}: ${why}`, { hint: 'Keep accepting: the loop around accept() must go on whatever happens to one client.' });
  }
  await expectEcho(ctx, server, peer, 'anyone there?', 0, `a new client, connected ${after},`);
}

/** Waits for the server to close `peer`'s connection; returns what it sent before closing, or undefined if it did not close. */
async function closedAfter(ctx: CheckContext, peer: TcpPeer, from: number): Promise<Buffer | undefined> {
  const kind = await peer.waitClosed(ctx.timeouts.replyMs);
  return kind ? peer.received().subarray(from) : undefined;
}

const server: Check[] = [
  {
    id: SERVER_STARTS,
    title: 'starts and listens on the assigned port',
    role: 'server',
    tags: ['basic'],
    points: 1,
    hint: 'bind() the host and port you are given, listen(), then accept() clients in a loop.',
    async run(ctx) {
      const { program } = await ctx.startServer();
      if (program.hasExited) fail(`the server ${describeEnding(program)} right after it started listening`);
    },
  },
  {
    id: SERVER_ECHOES,
    title: 'echoes each message of a conversation exactly, UTF-8 text included',
    role: 'server',
    tags: ['basic'],
    points: 4,
    dependsOn: SERVER_STARTS,
    hint: "In the client's thread: loop msg = conn.recv(1024); send the very bytes back with sendall(); stop at b'' or quit.",
    async run(ctx) {
      const server = await ctx.startServer();
      const peer = await ctx.connect(server.address);
      let from = 0;
      for (const message of MESSAGES) from = await expectEcho(ctx, server, peer, message, from);
    },
  },
  {
    id: 'server-concurrent-clients',
    title: `echoes ${CONCURRENT_CLIENTS} clients connected at once, messages interleaved, while a silent client stays connected`,
    role: 'server',
    tags: ['concurrency'],
    points: 2,
    dependsOn: SERVER_ECHOES,
    timeoutMs: 25_000,
    hint: 'Start a thread per accepted client (threading.Thread(target=..., args=(conn, addr)).start()) and go straight back to accept(); never join() it there.',
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
    title: 'closes the connection of a client that sends quit, and goes on serving others',
    role: 'server',
    tags: ['quit'],
    points: 1,
    dependsOn: SERVER_ECHOES,
    hint: "Compare the whole message with 'quit' (msg == 'quit' after decode(), or data == b'quit'), then close that connection and end its thread.",
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
        const echoed = got.equals(Buffer.from('quit')) ? 'echoed b\'quit\' and ' : got.length ? `sent ${previewBytes(got)} and ` : '';
        fail(`after the client sent quit, the server ${echoed}kept the connection open for ${ctx.timeouts.replyMs / 1000} s: it did not recognise quit`);
      }
      await expectOthersServed(ctx, server, bystander, 'one client quit');
      // A thread's traceback is printed before its socket is released: by now it has reached us.
      const crash = threadCrashSince(server.program, mark);
      if (crash) fail(`after the client sent quit, a thread of the server crashed: ${crash}`, { hint: 'Leave the loop (break) after closing the connection: recv() on a closed socket raises an error.' });
    },
  },
  {
    id: 'server-peer-leaves',
    title: 'closes the connection cleanly when a client closes its side, without spinning, and goes on serving others',
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_ECHOES,
    hint: "recv() returns b'' once the client has closed: close that connection and leave the thread's loop (if not msg: break).",
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
        fail(`the server never closed the connection in ${ctx.timeouts.replyMs / 1000} s after the client closed its side${crash ? `; a thread of the server crashed: ${crash}` : ''}`);
      }
      await expectOthersServed(ctx, server, bystander, 'one client left');
      // A thread's traceback is printed before its socket is released: by now it has reached us.
      const crash = threadCrashSince(server.program, mark);
      if (crash) fail(`after the client closed its side, a thread of the server crashed: ${crash}`);
    },
  },
  {
    id: 'server-sequential',
    title: 'serves a second and a third client after the first has left',
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_ECHOES,
    hint: 'Put accept() in a loop (while True:), so the server waits for the next client after starting a thread for this one.',
    async run(ctx) {
      const server = await ctx.startServer();
      for (const [i, who] of ['first', 'second', 'third'].entries()) {
        if (i > 0 && server.program.hasExited) {
          await server.program.settle(300);
          fail(`after its ${i === 1 ? 'first client' : 'first two clients'} left, the server ${describeEnding(server.program)}`);
        }
        let peer: TcpPeer;
        try {
          peer = await ctx.connect(server.address);
        } catch (error) {
          return fail(`the ${who} client could not connect after the others had left: ${(error as Error).message}`);
        }
        await expectEcho(ctx, server, peer, `I am the ${who} client`, 0, `the ${who} client`);
        peer.close();
        await peer.waitClosed(ctx.timeouts.replyMs);
      }
    },
  },
];

const EXIT_HINTS = {
  repeats: "When recv() returns b'' the server has closed: instead of printing the empty message again and again, end the program from the receive thread (os._exit(0): the input thread, blocked in input(), cannot be stopped otherwise).",
  waitsForUser: "The server closed the connection, yet the client waits at input(), which no other thread can interrupt: when recv() returns b'', end the whole program from the receive thread (os._exit(0)).",
  other: "Once the server has closed, the program must end: when recv() returns b'', end it from the receive thread (os._exit(0)); a thread left in input() or recv() keeps it alive.",
};

const client: Check[] = [
  {
    id: CLIENT_CONNECTS,
    title: 'connects to the assigned server address',
    role: 'client',
    tags: ['basic'],
    points: 1,
    hint: 'connect() to the host and port you are given ({host} {port} or $HOST $PORT) before asking for input.',
    async run(ctx) {
      await ctx.acceptClient();
    },
  },
  {
    id: 'client-sends-lines',
    title: 'sends each line the user types and prints the echo of each',
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    hint: 'One thread: line = input(...); sock.send(line.encode()); another thread: data = sock.recv(1024); print(data.decode()).',
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
    title: 'prints a message the server sends while the user types nothing',
    role: 'client',
    tags: ['basic'],
    points: 2,
    dependsOn: CLIENT_CONNECTS,
    // Waiting in input() while nothing is typed is right here: the check is whether another thread prints.
    waitsForTypedInput: true,
    hint: 'Receive in a thread of its own (threading.Thread(target=recv_loop).start()): while the main thread waits in input(), only that thread can print what arrives.',
    async run(ctx) {
      const { program, peer } = await ctx.acceptClient();
      const pushed = Buffer.from('服务器推送：有人上线了');
      await peer.send(pushed);
      await expectPrints(program, pushed, 0, ctx.timeouts.replyMs, 'the server sent a message while the user typed nothing');
    },
  },
  {
    id: 'client-exit',
    title: 'sends exit and ends by itself when the user types exit',
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: "After sending, compare the typed line with 'exit' (before encoding it); then stop both threads: the program must end.",
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
    title: 'ends by itself, without spinning or printing empty messages, when the server closes',
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
      await expectEndsByItself(program, ctx.timeouts.exitMs, 'after the server closed the connection', EXIT_HINTS);
    },
  },
];

export const threadEchoChecks: readonly Check[] = [...server, ...client];
