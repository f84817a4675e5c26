// Expectations for servers that hold a conversation with one client after another: when a client
// leaves, the server ends that conversation cleanly, and the next client is served; and the two
// checks of that, for any exercise whose server converses with one client after another.
import type { CheckContext, RunningServer } from '../../harness/check/context.js';
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import { endingText } from '../../harness/check/diagnose.js';
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
import type { TcpPeer } from '../../harness/net/tcp-peer.js';
import { canObserveKernel, programEndOf, unreadByPeer } from '../../harness/check/observe.js';
import { previewBytes } from '../../harness/util/bytes.js';
import type { Program } from '../../harness/process/program.js';
import { expectIdle, expectNoCrash, explainCrash } from './process.js';
import { describeBusy, isBusy, measureBusyness, sampleTree } from '../../harness/process/busy.js';
import { SERVER_STARTS } from './starts.js';
import type { Check } from '../../harness/check/types.js';

/** For a server that crashed or looped once its client had gone: the cause is the missing b'' check. */
const CLIENT_GONE_HINT = t(
  "When recv() returns b'' the client has gone: do not answer it; leave the loop (if not data: break), close the connection and go back to accept(). Sending to a client that has gone raises BrokenPipeError.",
  "recv() 返回 b'' 表示客户端已经离开：不要再回复它；退出循环（if not data: break），关闭连接，回到 accept()。向已经离开的客户端发送数据会抛出 BrokenPipeError。",
);

/** expectNoCrash, with the hint that names the usual cause of a crash after a client left. */
function expectNoCrashAfterLeaving(program: Program, situation: string | Text): void {
  try {
    expectNoCrash(program, situation);
  } catch (error) {
    if (isCheckFailure(error)) fail(error.text, { hint: CLIENT_GONE_HINT });
    throw error;
  }
}

/** How long a crashed server's exit and traceback may take to show up. */
const CRASH_GRACE_MS = 500;
/** How often /proc is read while waiting for the server to close its end. */
const POLL_MS = 10;

/** The server's end of `peer`'s connection, if the server still holds it open (Linux; undefined elsewhere). */
const serverEndOf = programEndOf;

/** Waits (bounded) until the server no longer holds its end of `peer`'s connection; false if it still does. */
async function waitServerEndClosed(program: Program, peer: TcpPeer, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (serverEndOf(program, peer)) {
    if (performance.now() >= deadline) return false;
    await program.waitExit(POLL_MS);
  }
  return true;
}

/**
 * Closes `peer`'s connection, as a client program that ends does, and expects the server to end that
 * conversation cleanly within `timeoutMs`: not crash (a BrokenPipeError or ConnectionResetError
 * traceback from sending to a client that has gone), not spin on recv() returning b'' (a busy loop,
 * or endless blank output: see busy.ts), and close its end of the connection (Linux: seen in
 * /proc). A server that then goes back to accept() passes; so does one that ends cleanly.
 * `await expectConversationEnds(server.program, peer, ctx.timeouts.replyMs)`
 */
export async function expectConversationEnds(program: Program, peer: TcpPeer, timeoutMs: number): Promise<void> {
  peer.close();
  const situation = t('the client closed the connection', '客户端关闭了连接');
  const afterLeaving = t('after the client closed the connection', '在客户端关闭连接之后');
  // Without /proc only the output shows a loop: expectIdle's flood signal.
  if (!canObserveKernel) await expectIdle(program, situation);
  const busyness = await measureBusyness(program);
  if (program.hasExited) await program.settle(CRASH_GRACE_MS);
  // A crash explains more than the loop that led to it.
  expectNoCrashAfterLeaving(program, afterLeaving);
  if (isBusy(busyness)) {
    const busy = describeBusy(busyness);
    fail(t(
      `after the client closed the connection, the server kept going in ${busy.en}: recv() returns b'' at once, forever, once the client has gone`,
      `在客户端关闭连接之后，服务器陷入了${busy.zh}：客户端离开后，recv() 会立即返回 b''，永远如此`,
    ), { hint: CLIENT_GONE_HINT });
  }
  const closed = await waitServerEndClosed(program, peer, timeoutMs);
  if (program.hasExited) await program.settle(CRASH_GRACE_MS);
  expectNoCrashAfterLeaving(program, afterLeaving);
  if (!closed) {
    const seconds = timeoutMs / 1000;
    fail(t(
      `the server kept its end of the connection open (CLOSE_WAIT) for ${seconds} s after the client closed the connection: it never closed that socket`,
      `在客户端关闭连接之后，服务器让它那一端的连接保持打开（CLOSE_WAIT）${seconds} s：它一直没有关闭那个套接字`,
    ), {
      hint: t(
        "When recv() returns b'' the client has gone: leave the loop and call conn.close() before going back to accept().",
        "recv() 返回 b'' 表示客户端已经离开：退出循环，调用 conn.close()，然后再回到 accept()。",
      ),
    });
  }
}

/**
 * Serves one client, which then leaves, and expects a second client to be served the same way.
 * `converse` holds the conversation on one connection (and fails if the server does not take part).
 * `await expectServesNextClient(ctx, server, async (peer) => { await peer.send('hi'); await peer.readExactly(2, ms); })`
 */
export async function expectServesNextClient(ctx: CheckContext, server: RunningServer, converse: (peer: TcpPeer) => Promise<void>): Promise<void> {
  const { program, address } = server;
  const first = await ctx.connect(address);
  await converse(first);
  first.close();
  // The first client has left: the server may now only be found in accept() (or still busy with it).
  const second = await ctx.connect(address).catch(async (error: unknown) => {
    if (isCheckFailure(error) && program.mayBeEnding()) {
      await program.settle(CRASH_GRACE_MS);
      if (program.hasExited) {
        expectNoCrashAfterLeaving(program, t('after the first client left, so a second client could not connect', '在第一个客户端离开之后（因此第二个客户端无法连接）'));
        const ending = endingText(program);
        fail(t(`after the first client left, the server ${ending.en}, so a second client could not connect`, `第一个客户端离开之后，服务器${ending.zh}，因此第二个客户端无法连接`));
      }
    }
    throw error;
  });
  try {
    await converse(second);
  } catch (error) {
    if (!isCheckFailure(error)) throw error;
    if (program.mayBeEnding()) await program.settle(CRASH_GRACE_MS);
    if (program.hasExited) {
      expectNoCrashAfterLeaving(program, t('after the first client left, and the second client was not served', '在第一个客户端离开之后（第二个客户端没有得到服务）'));
      const ending = endingText(program);
      fail(t(`after the first client left, the server ${ending.en}; the second client was not served`, `第一个客户端离开之后，服务器${ending.zh}；第二个客户端没有得到服务`));
    }
    if (isBusy(await measureBusyness(program))) {
      fail(t(
        "the server never served a second client: it is still in a busy loop with the first one, whose recv() returns b'' forever",
        "服务器一直没有为第二个客户端服务：它仍困在与第一个客户端的忙循环中，那个连接上的 recv() 永远返回 b''",
      ), { hint: CLIENT_GONE_HINT });
    }
    if (serverEndOf(program, first)?.closeWait === true && !serverEndOf(program, second)) {
      fail(t(
        'the server never accepted a second client: it is still waiting on the first connection, which the client closed',
        '服务器一直没有接受第二个客户端：它仍在等待第一个连接，而那个客户端已经关闭了连接',
      ), {
        hint: t(
          "When recv() returns b'' the client has gone: close that connection and go back to accept().",
          "recv() 返回 b'' 表示客户端已经离开：关闭那个连接，回到 accept()。",
        ),
      });
    }
    throw error;
  }
}

/**
 * Holds a conversation of several messages on one connection, `turn` sending one and checking its
 * answer. A crash is explained by its traceback; a server that hangs up midway is told so.
 * `await expectEveryMessageAnswered(program, peer, ['ls', 'hello'], (m) => ackOnce(peer, m, ms))`
 */
export async function expectEveryMessageAnswered(program: Program, peer: TcpPeer, messages: readonly string[], turn: (message: string) => Promise<void>): Promise<void> {
  for (const [i, message] of messages.entries()) {
    try {
      const quoted = JSON.stringify(message);
      await explainCrash(program, t(`on the message ${quoted}`, `在处理消息 ${quoted} 时`), () => turn(message), peer);
    } catch (error) {
      if (isCheckFailure(error) && i > 0 && peer.closeKind !== undefined && !program.hasExited) {
        // Closed, or reset because our next message reached a socket it had already closed.
        const quoted = JSON.stringify(message);
        const messages = i > 1 ? 'messages' : 'message';
        fail(peer.closeKind === 'reset'
          ? t(
            `the server hung up after answering ${i} ${messages}: when we sent ${quoted} the connection was reset; it should answer every message until the client leaves`,
            `服务器回复了 ${i} 条消息之后就挂断了：我们发送 ${quoted} 时连接被重置；它应当回复每一条消息，直到客户端离开`,
          )
          : t(
            `the server hung up after answering ${i} ${messages}: when we sent ${quoted} the connection was closed; it should answer every message until the client leaves`,
            `服务器回复了 ${i} 条消息之后就挂断了：我们发送 ${quoted} 时连接已被关闭；它应当回复每一条消息，直到客户端离开`,
          ), {
          hint: t(
            "Loop on recv() for as long as the client is connected: only b'' means the client has gone.",
            "只要客户端还连接着，就循环调用 recv()：只有 b'' 才表示客户端已经离开。",
          ),
        });
      }
      throw error;
    }
  }
}

/**
 * Waits (bounded) until the server is blocked again (in recv(), for the next message) with nothing
 * of `peer`'s connection in flight either way: whatever it answered to the last message has
 * arrived. False if that cannot be seen (no /proc) or does not happen within `timeoutMs`.
 */
export async function waitUntilAnswered(program: Program, peer: TcpPeer, timeoutMs: number): Promise<boolean> {
  const pid = program.pid;
  if (!canObserveKernel || pid === undefined) return false;
  const settled = () => {
    if (program.hasExited || peer.closeKind !== undefined) return true;
    const serverEnd = serverEndOf(program, peer);
    return (serverEnd?.unsent ?? 0) === 0 && unreadByPeer(peer) === 0 && sampleTree(pid) === 'waiting';
  };
  const deadline = performance.now() + timeoutMs;
  while (!settled()) {
    if (performance.now() >= deadline) return false;
    await program.waitExit(POLL_MS);
  }
  return true;
}

/**
 * Once the server has answered (see waitUntilAnswered), fails if more than `length` bytes arrived
 * from it in all: it answered one message more than once, or added to its answer. Concludes
 * nothing where that cannot be seen.
 * `await expectNothingMore(program, peer, 28, ctx.timeouts.replyMs, 'its answer to "ls"')`
 */
export async function expectNothingMore(program: Program, peer: TcpPeer, length: number, timeoutMs: number, what: string | Text): Promise<void> {
  if (!(await waitUntilAnswered(program, peer, timeoutMs))) return;
  const extra = peer.received().subarray(length);
  if (extra.length > 0) {
    const after = asText(what);
    const bytes = extra.length === 1 ? 'byte' : 'bytes';
    const preview = previewBytes(extra);
    fail(t(
      `after ${after.en} the server sent ${extra.length} more ${bytes} (${preview}): one message gets one answer, and nothing else`,
      `在${after.zh}之后，服务器又多发送了 ${extra.length} 字节（${preview}）：一条消息只得到一个回复，别无其他`,
    ), {
      hint: t(
        'Send exactly one answer for each recv(): check what your loop sends, and that it sends it once.',
        '每次 recv() 只发送一个回复：检查你的循环发送了什么，并确认它只发送一次。',
      ),
    });
  }
}

/** One short exchange on a connection: sends a message and checks the server answered it. */
export type Converse = (ctx: CheckContext, program: Program, peer: TcpPeer) => Promise<void>;

/** `server-serves-next-client` (sequential, 1 point): two clients in turn, each served by `converse`. */
export function servesNextClientCheck(converse: Converse): Check {
  return {
    id: 'server-serves-next-client',
    title: t('serves a second client after the first one has left', '在第一个客户端离开后为第二个客户端服务'),
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "Put accept() in an outer while True loop; when recv() returns b'', close that connection and go back to accept().",
      "把 accept() 放在外层的 while True 循环里；recv() 返回 b'' 时，关闭那个连接，回到 accept()。",
    ),
    async run(ctx) {
      const server = await ctx.startServer();
      await expectServesNextClient(ctx, server, (peer) => converse(ctx, server.program, peer));
    },
  };
}

/** `server-peer-leaves` (empty-recv, 1 point): one exchange by `converse`, then the client leaves (expectConversationEnds). */
export function peerLeavesCheck(converse: Converse): Check {
  return {
    id: 'server-peer-leaves',
    title: t(
      'ends the conversation cleanly when the client leaves: no crash, no spinning, connection closed',
      '客户端离开时干净地结束对话：不崩溃、不空转、关闭连接',
    ),
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: CLIENT_GONE_HINT,
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      await converse(ctx, program, peer);
      await expectConversationEnds(program, peer, ctx.timeouts.replyMs);
    },
  };
}
