// Many clients connected at once, their messages interleaved: what a server with a thread per
// client (or any concurrent server) handles and a server that serves one client at a time cannot.
//
// How the peers connect matters as much as what they send. A burst of simultaneous connects can
// overflow a small listen backlog (socketserver's is 5): the kernel then leaves clients that
// believe they are connected but are never accepted, and a right server would fail for how it
// was driven. So the clients connect one after another, each waiting for its first answer (the
// greeting of a server that speaks first, or the echo of a first message) before the next
// connects: every one of them has been accepted before the next arrives. Only then are the
// messages interleaved. A silent client connects first and never sends a message: it must not
// hold up anyone.
//
// A server that serves one client at a time is recognised by what /proc shows, not by a timeout:
// while a new client waits, the server holds fewer sockets than there are open connections (plus
// its listening socket), so it has not accept()ed the newcomer, and every thread of it sleeps,
// for IDLE_EVIDENCE_MS in a row. A right server cannot show that even once: a connection in the
// accept queue wakes the thread in accept(), and a woken thread is runnable until it has taken it.
// (A message left unread is no such evidence: a right handler may sleep before it reads.) So the
// wait for an answer can be generous (ANSWER_BOUND_FACTOR) without making that verdict slow.
// The evidence reads only the server's own /proc entries (its threads and file descriptors), not
// the host's socket table, which costs ~30 ms per read on a busy machine.
import { fail, isCheckFailure } from '../../harness/check/failure.js';
import type { CheckContext, RunningServer } from '../../harness/check/context.js';
import { endingText } from '../../harness/check/diagnose.js';
import { t, type Text } from '../../harness/i18n/text.js';
import { asText } from '../../harness/i18n/words.js';
import type { TcpPeer } from '../../harness/net/tcp-peer.js';
import { canObserveKernel, countOpenSockets, isRunnable } from '../../harness/check/observe.js';
import type { Program } from '../../harness/process/program.js';
import { byteMismatchText, previewBytes } from '../../harness/util/bytes.js';
import { explainThreadCrash } from './threads.js';

export interface ConcurrencyScenario {
  /** Clients that talk, besides the silent one (which connects first). */
  readonly clients: number;
  /** Rounds of interleaved messages after every client has connected. */
  readonly rounds: number;
  /** What the server sends each client as soon as it connects, if it speaks first. */
  readonly greeting?: Buffer;
  /** What the server answers, for messages: `t('echo', '回显')`, `t('answer', '回复')`. */
  readonly noun: string | Text;
  /** The message client `client` (1-based) sends in round `round` (0: its first, before the next client connects). */
  message(client: number, round: number): Buffer;
  /** What the server must answer to it. */
  answer(client: number, round: number): Buffer;
}

export interface ConcurrencyStats {
  /** Connections open at once at the end (the silent client included). */
  readonly connections: number;
  /** Answers awaited, greetings included. */
  readonly answers: number;
  /** From the first connect to the last answer. */
  readonly totalMs: number;
  /** The longest a single answer took to arrive (from its message's send, or from the connect). */
  readonly slowestMs: number;
}

/** 'first', 'second', … 'tenth', then '11th', '21st'. */
export function ordinal(n: number): string {
  const words = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
  if (n < words.length) return words[n]!;
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

interface Client {
  /** 0 is the silent client; 1… talk. Also its position in the connect order. */
  readonly index: number;
  readonly peer: TcpPeer;
  /** Everything it must have received so far, in order. */
  expected: Buffer;
  /** Its latest answer due (to spot it in another client's bytes). */
  latest?: Buffer;
}

/** The order clients send in within a round: every client once, a different order each round. */
function interleaving(count: number, round: number): number[] {
  const step = [7, 3, 11, 13][round % 4]!;
  const order = Array.from({ length: count }, (_, i) => ((i * step + round * 5) % count) + 1);
  return new Set(order).size === count ? order : Array.from({ length: count }, (_, i) => count - i);
}

/**
 * The bound on each answer, in reply bounds. Eighty answers are awaited, so the tail matters: with
 * seven gradings in one process on a 2-core machine at load average 23, a right server's slowest
 * answer took 2.9 s once (the median run: 60 ms). A server that never answers is told apart by
 * /proc evidence, not by this bound.
 */
export const ANSWER_BOUND_FACTOR = 3;
/**
 * How long the server must sleep without accept()ing a waiting connection to prove it is not
 * accepting (a loop that sleeps a moment between accept()s still passes).
 */
export const IDLE_EVIDENCE_MS = 500;
/** An answer this quick needs no watching; after it, the watch samples this often. */
const WATCH_AFTER_MS = 100;
const WATCH_EVERY_MS = 50;


/**
 * Resolves once the server has held fewer than `expected()` sockets with every thread asleep for
 * IDLE_EVIDENCE_MS in a row; never resolves otherwise, nor without /proc. Call the returned stop().
 */
function watchNotAccepting(program: Program, expected: () => number): { promise: Promise<'unaccepted'>; stop: () => void } {
  const pid = program.pid;
  if (!canObserveKernel || pid === undefined) return { promise: new Promise<never>(() => {}), stop: () => {} };
  let timer: NodeJS.Timeout | undefined;
  let since: number | undefined;
  const promise = new Promise<'unaccepted'>((resolve) => {
    const sample = () => {
      if (program.hasExited) return;
      const now = performance.now();
      const idleShort = !isRunnable(program) && countOpenSockets(program) < expected();
      since = idleShort ? (since ?? now) : undefined;
      if (since !== undefined && now - since >= IDLE_EVIDENCE_MS) resolve('unaccepted');
      else timer = setTimeout(sample, WATCH_EVERY_MS);
    };
    timer = setTimeout(sample, WATCH_AFTER_MS);
  });
  return { promise, stop: () => clearTimeout(timer) };
}

/**
 * Runs the scenario against a started server; fails with what went wrong, first of all a server
 * that serves one client at a time. Returns the timings a right server took.
 */
export async function expectServesConcurrently(ctx: CheckContext, server: RunningServer, scenario: ConcurrencyScenario): Promise<ConcurrencyStats> {
  const { program } = server;
  const answerMs = ctx.timeouts.replyMs * ANSWER_BOUND_FACTOR;
  const started = performance.now();
  let slowestMs = 0;
  let answers = 0;
  const clients: Client[] = [];
  const noun = asText(scenario.noun);

  const describe = (c: Client): Text => (c.index === 0
    ? t('the silent client (connected first, sent nothing)', '沉默的客户端（最先连接，什么也没发送）')
    : c.index === 1 && clients[0] ? t('the second client', '第 2 个客户端') : t(`the ${ordinal(c.index + 1)} client`, `第 ${c.index + 1} 个客户端`));

  type Outcome = { ok: true } | { ok: false; why: Text; neglect?: 'unaccepted' };
  /**
   * The answer `c` waits for: the rest of `c.expected` from `from` on. Resolves when it came, when
   * /proc shows the server is not serving `c`, or at the bound.
   */
  const awaitAnswer = async (c: Client, from: number, since: number, watchNeglect = false): Promise<Outcome> => {
    const want = c.expected.length - from;
    // The listening socket and every connection still open must be the server's once it accepted them all.
    const neglect = watchNeglect ? watchNotAccepting(program, () => 1 + clients.filter((o) => o.peer.closeKind === undefined).length) : undefined;
    const read: Promise<Outcome> = c.peer.readExactly(want, answerMs, { from }).then(
      () => ({ ok: true as const }),
      (error: unknown) => {
        if (!isCheckFailure(error)) throw error;
        return { ok: false as const, why: asText(error.text) };
      },
    );
    const neglected = neglect?.promise.then((why): Outcome => ({ ok: false, why: t('the server sat idle without accept()ing its connection', '服务器闲着，没有 accept() 它的连接'), neglect: why }));
    const outcome = await (neglected ? Promise.race([read, neglected]) : read);
    neglect?.stop();
    if (outcome.ok) {
      slowestMs = Math.max(slowestMs, performance.now() - since);
      answers++;
    }
    return outcome;
  };

  /** The bytes `c` received from `from` on are not its answer: whose were they? */
  const explainMismatch = (c: Client, from: number): never => {
    const got = c.peer.received().subarray(from);
    const want = c.expected.subarray(from);
    // Answers meant for others, recognisable when they differ from this client's own.
    const owners = clients.filter((o) => o !== c && o.latest !== undefined && !(c.latest && o.latest.equals(c.latest)) && got.includes(o.latest));
    const extra = got.length > want.length && got.subarray(0, want.length).equals(want);
    const starved = clients.find((o) => o !== c && o.peer.received().length < o.expected.length);
    const owner = owners.length === 1 ? describe(owners[0]!) : t(`${owners.length} other clients`, `其他 ${owners.length} 个客户端`);
    const mixedUp = owners.length > 0;
    const crossed = mixedUp
      ? t(
        `: it carries what ${owner.en} should have received. The server mixed up its clients' connections (one connection variable shared by all threads?)`,
        `：其中是${owner.zh}本应收到的数据。服务器把客户端的连接弄混了（所有线程共用一个连接变量？）`,
      )
      : extra && starved
        ? t(
          `, while ${describe(starved).en} is still waiting for its ${noun.en}. The server mixed up its clients' connections (one connection variable shared by all threads?)`,
          `，而${describe(starved).zh}仍在等待它的${noun.zh}。服务器把客户端的连接弄混了（所有线程共用一个连接变量？）`,
        )
        : t('', '');
    const who = describe(c);
    const gotPreview = previewBytes(got);
    const wantPreview = previewBytes(want);
    const mismatch = byteMismatchText(want, got);
    return fail(extra
      ? t(`${who.en} received ${gotPreview} where only its ${noun.en} ${wantPreview} was due (${mismatch.en})${crossed.en}`, `${who.zh}收到了 ${gotPreview}，而它应得的只是${noun.zh} ${wantPreview}（${mismatch.zh}）${crossed.zh}`)
      : t(`${who.en} received ${gotPreview} where its ${noun.en} ${wantPreview} was due (${mismatch.en})${crossed.en}`, `${who.zh}收到了 ${gotPreview}，而它应得的${noun.zh}是 ${wantPreview}（${mismatch.zh}）${crossed.zh}`), {
      expected: wantPreview,
      actual: gotPreview,
      ...(mixedUp || (extra && starved) ? {
        hint: t(
          'Each thread must use only the connection it was given (its own conn, or self.request): never a global one that the next accept() overwrites.',
          '每个线程只能使用分配给它的连接（它自己的 conn，或 self.request）：绝不要用一个全局变量，下一次 accept() 会把它覆盖。',
        ),
      } : {}),
    });
  };

  /** `c` got no answer while the clients before it were connected: one at a time, or worse? */
  const explainStall = async (c: Client, from: number, outcome: Extract<Outcome, { ok: false }>, others: readonly Client[]): Promise<never> => {
    if (program.hasExited || c.peer.closeKind !== undefined || c.peer.received().length > from) {
      // Closed, crashed or a wrong answer: nothing to do with the others.
      if (c.peer.received().length > from && c.peer.received().length < c.expected.length) explainMismatch(c, from);
      const who = describe(c);
      return fail(t(`${who.en} waited for its ${noun.en}: ${outcome.why.en}`, `${who.zh}在等待它的${noun.zh}：${outcome.why.zh}`));
    }
    // Let the others leave: a server serving one client at a time now gets to it.
    for (const o of others) o.peer.close();
    const late = await awaitAnswer(c, from, performance.now());
    const first = others.length === 1
      ? (others[0]!.index === 0 && !scenario.greeting
        ? t('the first was still connected (it had sent nothing)', '第一个客户端仍然连接着（它什么也没发送）')
        : t('the first was still connected', '第一个客户端仍然连接着'))
      : t(`the ${others.length} clients before it were still connected`, `它之前的 ${others.length} 个客户端仍然连接着`);
    const waited = outcome.neglect === 'unaccepted'
      ? t('its connection was not accept()ed while the server sat idle', '服务器闲着，却没有 accept() 它的连接')
      : t(`nothing came in ${answerMs / 1000} s`, `${answerMs / 1000} s 内什么也没有收到`);
    const who = describe(c);
    if (late.ok) {
      const left = others.length === 1 ? t('the first', '第一个客户端') : t('they', '它们');
      fail(t(
        `${who.en} got no ${noun.en} while ${first.en}: ${waited.en}; once ${left.en} left, it got its ${noun.en} at once: the server serves one client at a time`,
        `在${first.zh}时，${who.zh}没有收到${noun.zh}：${waited.zh}；${left.zh}一离开，它就立刻收到了${noun.zh}：服务器一次只服务一个客户端`,
      ), {
        hint: t(
          'Serve each client in a thread of its own (threading.Thread(target=handle, args=(conn,)).start(), without join(); or socketserver.ThreadingTCPServer), so that accept() is called again at once.',
          '为每个客户端开一个单独的线程（threading.Thread(target=handle, args=(conn,)).start()，不要 join()；或者用 socketserver.ThreadingTCPServer），这样 accept() 能立即再次被调用。',
        ),
      });
    }
    if (program.hasExited) {
      const ending = endingText(program);
      return fail(t(`${who.en} got no ${noun.en} while ${first.en}: the server ${ending.en}`, `在${first.zh}时，${who.zh}没有收到${noun.zh}：服务器${ending.zh}`));
    }
    const why = late.ok ? t('', '') : late.why;
    return fail(t(
      `${who.en} got no ${noun.en} while ${first.en} (${waited.en}), nor after they had left: the server stopped answering (${why.en})`,
      `在${first.zh}时（${waited.zh}），${who.zh}没有收到${noun.zh}，它们离开之后也没有：服务器不再回复了（${why.zh}）`,
    ), {
      hint: t(
        'After serving one client, the server must go back to accept() for the next; every client needs an answer.',
        '服务完一个客户端之后，服务器必须回到 accept() 等待下一个；每个客户端都需要得到回复。',
      ),
    });
  };

  const connectOne = async (index: number): Promise<Client> => {
    const t0 = performance.now();
    let peer: TcpPeer;
    try {
      peer = await ctx.connect(server.address);
    } catch (error) {
      if (!isCheckFailure(error)) throw error;
      const n = clients.length;
      const who = t(`the ${ordinal(index + 1)} client`, `第 ${index + 1} 个客户端`);
      const cannot = n === 0
        ? t(`${who.en} could not connect`, `${who.zh}无法连接`)
        : n === 1
          ? t(`${who.en} could not connect while 1 other client was connected`, `在另外 1 个客户端连接着时，${who.zh}无法连接`)
          : t(`${who.en} could not connect while ${n} other clients were connected`, `在另外 ${n} 个客户端连接着时，${who.zh}无法连接`);
      const why = asText(error.text);
      if (program.hasExited) {
        const ending = endingText(program);
        return fail(t(`${cannot.en}: ${why.en}; the server ${ending.en}`, `${cannot.zh}：${why.zh}；服务器${ending.zh}`));
      }
      return fail(t(`${cannot.en}: ${why.en}`, `${cannot.zh}：${why.zh}`));
    }
    const c: Client = { index, peer, expected: Buffer.alloc(0) };
    const others = [...clients];
    clients.push(c);
    if (index > 0 && !scenario.greeting) {
      c.latest = scenario.answer(index, 0);
      c.expected = Buffer.concat([c.expected, c.latest]);
      await peer.send(scenario.message(index, 0));
    } else if (scenario.greeting) {
      c.expected = Buffer.concat([c.expected, scenario.greeting]);
    }
    if (c.expected.length > 0) {
      // Connected while the others are: a server that does not accept it now serves one at a time.
      const result = await awaitAnswer(c, 0, t0, others.length > 0);
      if (!result.ok) await explainStall(c, 0, result, others);
      if (!peer.received().equals(c.expected)) explainMismatch(c, 0);
    }
    return c;
  };

  await explainThreadCrash(program, t(`with ${scenario.clients + 1} clients connected`, `在 ${scenario.clients + 1} 个客户端连接着时`), async () => {
    // Connect one after another: the silent client first, then each talker once the previous was served.
    for (let index = 0; index <= scenario.clients; index++) await connectOne(index);
    // Interleave: every client sends its next message, in a new order each round, before anyone's answer is awaited.
    for (let round = 1; round <= scenario.rounds; round++) {
      const sent: { c: Client; from: number; at: number }[] = [];
      for (const index of interleaving(scenario.clients, round)) {
        const c = clients[index]!;
        const from = c.expected.length;
        c.latest = scenario.answer(index, round);
        c.expected = Buffer.concat([c.expected, c.latest]);
        sent.push({ c, from, at: performance.now() });
        await c.peer.send(scenario.message(index, round));
      }
      const results = await Promise.all(sent.map((s) => awaitAnswer(s.c, s.from, s.at)));
      const stalled = sent.map((s, i) => ({ ...s, result: results[i]! })).filter((s) => !s.result.ok).sort((a, b) => a.c.index - b.c.index);
      // Wrong or extra bytes first: they say more than a missing answer.
      for (const s of sent.sort((a, b) => a.c.index - b.c.index)) {
        const got = s.c.peer.received().subarray(s.from);
        if (got.length > s.c.expected.length - s.from || !got.equals(s.c.expected.subarray(s.from, s.from + got.length))) explainMismatch(s.c, s.from);
      }
      const firstStall = stalled[0];
      if (firstStall && !firstStall.result.ok) {
        const firstWho = describe(firstStall.c);
        const waiting = stalled.length === 1
          ? firstWho
          : t(`${stalled.length} of the ${scenario.clients} clients (the first: ${firstWho.en})`, `${scenario.clients} 个客户端中的 ${stalled.length} 个（第一个是：${firstWho.zh}）`);
        const all = scenario.clients + 1;
        const why = firstStall.result.why;
        fail(t(
          `in round ${round} of interleaved messages, ${waiting.en} got no ${noun.en} while all ${all} clients were connected: ${why.en}`,
          `在第 ${round} 轮交错发送的消息中，全部 ${all} 个客户端都连接着时，${waiting.zh}没有收到${noun.zh}：${why.zh}`,
        ), {
          hint: t(
            'Every client needs its own thread that keeps receiving and answering, for as long as that client stays connected.',
            '每个客户端都需要自己的线程，只要那个客户端还连接着，就不断地接收和回复。',
          ),
        });
      }
    }
    // Nobody got more than its own answers; the silent client got nothing but a greeting.
    for (const c of clients) {
      if (c.peer.received().length !== c.expected.length) explainMismatch(c, 0);
    }
  });
  return { connections: clients.length, answers, totalMs: performance.now() - started, slowestMs };
}

/** "21 clients at once (one silent): 81 answers, each within 42 ms (bound 3 s); 0.52 s in all." */
export function describeStats(stats: ConcurrencyStats, replyMs: number): Text {
  const slowest = Math.ceil(stats.slowestMs);
  const bound = (replyMs * ANSWER_BOUND_FACTOR) / 1000;
  const total = (stats.totalMs / 1000).toFixed(2);
  return t(
    `${stats.connections} clients at once (one of them silent): ${stats.answers} answers, each within ${slowest} ms (bound ${bound} s); ${total} s in all`,
    `同时 ${stats.connections} 个客户端（其中一个沉默）：${stats.answers} 个回复，每个都在 ${slowest} ms 内到达（上限 ${bound} s）；总共 ${total} s`,
  );
}
