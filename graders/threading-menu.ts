// Checks for the threading-menu exercise (EXERCISES.md § threading-menu): a
// socketserver.ThreadingTCPServer that greets each client with 我是多线程 and answers each message
// (exit ends the conversation, 0 gets 您输入的是0, anything else 请重新输入.), and its client.
//
// The tutorial is Python 2, where socket data is str. Ported to Python 3, data is bytes and
// `data == 'exit'` is always False: such a server answers 请重新输入. to everything, never ends a
// conversation on exit, and loops forever once recv() returns b''. The checks expose each of these.
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

const BYTES_HINT = "recv() returns bytes in Python 3: compare with b'exit' and b'0' (data == 'exit' is always False), or decode() first.";

/** Connects and waits for the greeting; returns the peer, its offset after the greeting. */
async function connectGreeted(ctx: CheckContext, server: RunningServer, who = 'the client'): Promise<TcpPeer> {
  let peer: TcpPeer;
  try {
    peer = await ctx.connect(server.address);
  } catch (error) {
    if (!isCheckFailure(error)) throw error;
    await server.program.settle(300);
    return fail(`${who} could not connect: ${server.program.hasExited ? `the server ${describeEnding(server.program)}` : error.message}`);
  }
  await explainThreadCrash(server.program, `when ${who} connected`, async () => {
    try {
      await peer.readExactly(WELCOME.length, ctx.timeouts.replyMs);
    } catch (error) {
      if (!isCheckFailure(error)) throw error;
      const got = peer.received();
      fail(`${who} connected and waited for the greeting ${formatPythonBytes(WELCOME)}; ${got.length ? `it got ${previewBytes(got)}` : 'the server sent nothing'}${peer.closeKind ? ' and closed the connection' : ` in ${ctx.timeouts.replyMs / 1000} s`}`, {
        expected: `${previewBytes(WELCOME)} as soon as the client connects`,
        actual: got.length ? previewBytes(got) : '(nothing)',
      });
    }
  }, peer);
  const got = peer.received().subarray(0, WELCOME.length);
  if (!got.equals(WELCOME)) {
    fail(`${who} was greeted with ${previewBytes(got)} (${describeByteMismatch(WELCOME, got)})`, { expected: previewBytes(WELCOME), actual: previewBytes(got) });
  }
  return peer;
}

/** Sends a message and waits for exactly `answer`; returns the offset after it. */
async function expectAnswer(ctx: CheckContext, server: RunningServer, peer: TcpPeer, message: string | Buffer, answer: Buffer, from: number, who = 'the client'): Promise<number> {
  const bytes = typeof message === 'string' ? Buffer.from(message) : message;
  const shown = typeof message === 'string' ? JSON.stringify(message) : formatPythonBytes(message);
  await explainThreadCrash(server.program, `after ${who} sent ${shown}`, async () => {
    await peer.send(bytes);
    await peer.readExactly(answer.length, ctx.timeouts.replyMs, { from });
  }, peer);
  const got = peer.received().subarray(from, from + answer.length);
  if (!got.equals(answer)) {
    const asBytes = bytes.equals(Buffer.from('0')) && got.equals(AGAIN);
    fail(`${who} sent ${shown} and got ${previewBytes(got)}; the answer to it is ${previewBytes(answer)}`, {
      expected: previewBytes(answer),
      actual: previewBytes(got),
      ...(asBytes ? { hint: BYTES_HINT } : { hint: `Answer b'0' with '您输入的是0' and anything else with '请重新输入.', encoded as UTF-8 (${describeByteMismatch(answer, got)}).` }),
    });
  }
  return from + answer.length;
}

/**
 * After something happened to one conversation: `bystander` (connected before it happened, its
 * greeting not read yet) must be greeted and answered; once it has left, a new client greeted.
 */
async function expectOthersServed(ctx: CheckContext, server: RunningServer, bystander: TcpPeer, event: string): Promise<void> {
  const after = `after ${event}`;
  if (server.program.hasExited) {
    await server.program.settle(300);
    fail(`the server ${describeEnding(server.program)} ${after}`);
  }
  const who = `another client, connected before ${event},`;
  await explainThreadCrash(server.program, `while ${who} waited for its greeting`, async () => {
    try {
      await bystander.readExactly(WELCOME.length, ctx.timeouts.replyMs);
    } catch (error) {
      if (!isCheckFailure(error)) throw error;
      fail(`${who} got ${previewBytes(bystander.received()) || 'nothing'} instead of its greeting${bystander.closeKind ? ': its connection was closed' : ` in ${ctx.timeouts.replyMs / 1000} s`}`, {
        hint: 'Each handler must use only its own connection (self.request); ending one conversation must not touch the others.',
      });
    }
  }, bystander);
  if (!bystander.received().subarray(0, WELCOME.length).equals(WELCOME)) {
    fail(`${who} was greeted with ${previewBytes(bystander.received())}`, { expected: previewBytes(WELCOME), actual: previewBytes(bystander.received()) });
  }
  await expectAnswer(ctx, server, bystander, 'still there?', AGAIN, WELCOME.length, who);
  // It leaves first: a server serving one client at a time is graded by the concurrency check, not here.
  bystander.close();
  await connectGreeted(ctx, server, `a new client, connected ${after},`);
}

const server: Check[] = [
  {
    id: SERVER_STARTS,
    title: 'starts and listens on the assigned port',
    role: 'server',
    tags: ['basic'],
    points: 1,
    hint: "socketserver.ThreadingTCPServer((host, port), MyServer).serve_forever() with the host and port you are given (Python 3's module is socketserver, lowercase).",
    async run(ctx) {
      const { program } = await ctx.startServer();
      if (program.hasExited) fail(`the server ${describeEnding(program)} right after it started listening`);
    },
  },
  {
    id: SERVER_GREETS,
    title: 'greets every client with 我是多线程 as soon as it connects',
    role: 'server',
    tags: ['basic'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: "First thing in handle(): self.request.sendall('我是多线程'.encode()) (socket data is bytes in Python 3).",
    async run(ctx) {
      const server = await ctx.startServer();
      await connectGreeted(ctx, server);
    },
  },
  {
    id: 'server-answers-menu',
    title: 'answers 0 with 您输入的是0 and anything else with 请重新输入.',
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
    title: 'ends the conversation when the client sends exit, and goes on serving the others',
    role: 'server',
    tags: ['quit'],
    points: 1,
    dependsOn: SERVER_GREETS,
    hint: "Leave the loop when data == b'exit' (bytes: data == 'exit' is always False in Python 3); handle() returning closes the connection.",
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
        fail(`after the client sent exit, the server ${got.length ? `answered ${previewBytes(got)} and ` : ''}kept the conversation open for ${ctx.timeouts.replyMs / 1000} s${bytesBug ? ": it took exit for any other message (data == 'exit' compares bytes with str)" : ''}`, {
          ...(bytesBug ? { hint: BYTES_HINT } : {}),
        });
      }
      await expectOthersServed(ctx, server, bystander, 'one client sent exit');
      // A handler's traceback is printed before its connection closes: by now it has reached us.
      const crash = threadCrashSince(server.program, mark);
      if (crash) fail(`after the client sent exit, the handler crashed: ${crash}`);
    },
  },
  {
    id: 'server-peer-leaves',
    title: 'ends the conversation cleanly when the client closes its side, without spinning or answering b\'\'',
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_GREETS,
    hint: "recv() returns b'' once the client has closed: leave the loop (if not data: break) instead of answering it.",
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
        fail(`after the client closed its side, the server answered ${previewBytes(AGAIN)} ${FLOOD_ANSWERS} times and went on: it treats recv()'s b'' as a message, forever`);
      }
      const closed = peer.closeKind;
      await expectIdle(server.program, 'the client closed its side');
      if (!closed) {
        const crash = threadCrashSince(server.program, mark);
        fail(`the server never ended the conversation in ${ctx.timeouts.replyMs / 1000} s after the client closed its side${crash ? `; a handler crashed: ${crash}` : ''}`);
      }
      await expectOthersServed(ctx, server, bystander, 'one client left');
      // A handler's traceback is printed before its connection closes: by now it has reached us.
      const crash = threadCrashSince(server.program, mark);
      if (crash) fail(`after the client closed its side, the handler crashed: ${crash}`);
    },
  },
  {
    id: 'server-concurrent-clients',
    title: `greets and answers ${CONCURRENT_CLIENTS} clients connected at once, messages interleaved, while a silent client stays connected`,
    role: 'server',
    tags: ['concurrency'],
    points: 2,
    dependsOn: SERVER_GREETS,
    timeoutMs: 25_000,
    hint: 'Use socketserver.ThreadingTCPServer (a thread per client), not TCPServer, which serves one client at a time.',
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
    title: 'answers invalid UTF-8 with 请重新输入., and its other conversations go on',
    role: 'server',
    tags: ['bad-input'],
    points: 1,
    dependsOn: SERVER_GREETS,
    hint: "Compare bytes (data == b'0'), or decode with errors='replace': recv() may return bytes that are not UTF-8, and one bad message must not end the conversation.",
    async run(ctx) {
      const server = await ctx.startServer();
      const sender = await connectGreeted(ctx, server, 'the client');
      // Connected before the bad message: it must be served whatever that message did.
      const bystander = await ctx.connect(server.address);
      const mark = stderrMark(server.program);
      await sender.send(INVALID_UTF8);
      const answered = await sender.readExactly(AGAIN.length, ctx.timeouts.replyMs, { from: WELCOME.length }).then(() => true, () => false);
      const crash = answered ? undefined : await awaitThreadCrash(server.program, mark, sender.closeKind ? 300 : 0);
      const reply = sender.received().subarray(WELCOME.length);
      sender.close();
      const event = `a client sent ${formatPythonBytes(INVALID_UTF8)} (invalid UTF-8)`;
      const lost = answered ? '' : crash
        ? `the conversation that sent ${formatPythonBytes(INVALID_UTF8)} (invalid UTF-8) crashed with ${crash} and got no answer`
        : `the client that sent ${formatPythonBytes(INVALID_UTF8)} (invalid UTF-8) got ${reply.length ? previewBytes(reply) : 'nothing'}${sender.closeKind ? ' and the connection was closed' : ` in ${ctx.timeouts.replyMs / 1000} s`}`;
      // Whatever happened to that conversation, the others must go on.
      try {
        await expectOthersServed(ctx, server, bystander, event);
      } catch (error) {
        if (!isCheckFailure(error)) throw error;
        fail(`${lost ? `${lost}, and ` : `after ${event}, `}the server stopped serving the other clients: ${error.message}`, error.details);
      }
      if (lost) {
        fail(`${lost}; the server went on serving the other clients (socketserver catches a handler's exception and closes only that connection), but that client was dropped: anything that is not 0 or exit is answered 请重新输入.`, {
          expected: previewBytes(AGAIN),
          actual: reply.length ? previewBytes(reply) : '(nothing)',
        });
      }
      const got = reply.subarray(0, AGAIN.length);
      if (!got.equals(AGAIN)) {
        fail(`the client sent ${formatPythonBytes(INVALID_UTF8)} (invalid UTF-8) and got ${previewBytes(got)}; the answer to anything but 0 and exit is ${previewBytes(AGAIN)}`, { expected: previewBytes(AGAIN), actual: previewBytes(got) });
      }
    },
  },
];

const client: Check[] = [
  clientConnectsCheck(),
  {
    id: 'client-prints-and-sends',
    title: 'prints what the server sends (receive: ...) and sends each line the user types',
    role: 'client',
    tags: ['basic'],
    points: 3,
    dependsOn: CLIENT_CONNECTS,
    hint: "Loop: data = sk.recv(1024); print('receive:', data.decode()); inp = input('please input:'); sk.sendall(inp.encode()).",
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
    title: 'stops by itself after sending exit',
    role: 'client',
    tags: ['quit'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: "Compare the typed text (inp == 'exit') before encoding it, and break out of the loop after sending it.",
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
    title: 'ends by itself when the server closes the connection',
    role: 'client',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: CLIENT_CONNECTS,
    hint: "When recv() returns b'' the server has closed: break out of the loop (if not data: break) instead of asking for input.",
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
