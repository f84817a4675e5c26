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
import { describeEnding } from '../../harness/check/diagnose.js';
import type { TcpPeer } from '../../harness/net/tcp-peer.js';
import { canObserveKernel, countOpenSockets, isRunnable } from '../../harness/check/observe.js';
import type { Program } from '../../harness/process/program.js';
import { describeByteMismatch, previewBytes } from '../../harness/util/bytes.js';
import { explainThreadCrash } from './threads.js';

export interface ConcurrencyScenario {
  /** Clients that talk, besides the silent one (which connects first). */
  readonly clients: number;
  /** Rounds of interleaved messages after every client has connected. */
  readonly rounds: number;
  /** What the server sends each client as soon as it connects, if it speaks first. */
  readonly greeting?: Buffer;
  /** What the server answers: `echo` or `answer`, for messages. */
  readonly noun: string;
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
  const { noun } = scenario;

  const describe = (c: Client) => (c.index === 0 ? 'the silent client (connected first, sent nothing)' : c.index === 1 && clients[0] ? 'the second client' : `the ${ordinal(c.index + 1)} client`);

  type Outcome = { ok: true } | { ok: false; why: string; neglect?: 'unaccepted' };
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
        return { ok: false as const, why: error.message };
      },
    );
    const neglected = neglect?.promise.then((why): Outcome => ({ ok: false, why: 'the server sat idle without accept()ing its connection', neglect: why }));
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
    const crossed = owners.length > 0
      ? `: it carries what ${owners.length === 1 ? describe(owners[0]!) : `${owners.length} other clients`} should have received`
      : extra && starved ? `, while ${describe(starved)} is still waiting for its ${noun}` : '';
    const mixedUp = crossed ? '. The server mixed up its clients\' connections (one connection variable shared by all threads?)' : '';
    return fail(`${describe(c)} received ${previewBytes(got)} where ${extra ? 'only ' : ''}its ${noun} ${previewBytes(want)} was due (${describeByteMismatch(want, got)})${crossed}${mixedUp}`, {
      expected: previewBytes(want),
      actual: previewBytes(got),
      ...(crossed ? { hint: 'Each thread must use only the connection it was given (its own conn, or self.request): never a global one that the next accept() overwrites.' } : {}),
    });
  };

  /** `c` got no answer while the clients before it were connected: one at a time, or worse? */
  const explainStall = async (c: Client, from: number, outcome: Extract<Outcome, { ok: false }>, others: readonly Client[]): Promise<never> => {
    if (program.hasExited || c.peer.closeKind !== undefined || c.peer.received().length > from) {
      // Closed, crashed or a wrong answer: nothing to do with the others.
      if (c.peer.received().length > from && c.peer.received().length < c.expected.length) explainMismatch(c, from);
      return fail(`${describe(c)} waited for its ${noun}: ${outcome.why}`);
    }
    // Let the others leave: a server serving one client at a time now gets to it.
    for (const o of others) o.peer.close();
    const late = await awaitAnswer(c, from, performance.now());
    const first = others.length === 1 ? `the first was still connected${others[0]!.index === 0 && !scenario.greeting ? ' (it had sent nothing)' : ''}` : `the ${others.length} clients before it were still connected`;
    const waited = outcome.neglect === 'unaccepted' ? 'its connection was not accept()ed while the server sat idle' : `nothing came in ${answerMs / 1000} s`;
    if (late.ok) {
      fail(`${describe(c)} got no ${noun} while ${first}: ${waited}; once ${others.length === 1 ? 'the first' : 'they'} left, it got its ${noun} at once: the server serves one client at a time`, {
        hint: 'Serve each client in a thread of its own (threading.Thread(target=handle, args=(conn,)).start(), without join(); or socketserver.ThreadingTCPServer), so that accept() is called again at once.',
      });
    }
    if (program.hasExited) return fail(`${describe(c)} got no ${noun} while ${first}: the server ${describeEnding(program)}`);
    return fail(`${describe(c)} got no ${noun} while ${first} (${waited}), nor after they had left: the server stopped answering (${late.why})`, {
      hint: 'After serving one client, the server must go back to accept() for the next; every client needs an answer.',
    });
  };

  const connectOne = async (index: number): Promise<Client> => {
    const t0 = performance.now();
    let peer: TcpPeer;
    try {
      peer = await ctx.connect(server.address);
    } catch (error) {
      if (!isCheckFailure(error)) throw error;
      const while_ = clients.length ? ` while ${clients.length} other client${clients.length === 1 ? ' was' : 's were'} connected` : '';
      return fail(`the ${ordinal(index + 1)} client could not connect${while_}: ${error.message}${program.hasExited ? `; the server ${describeEnding(program)}` : ''}`);
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

  await explainThreadCrash(program, `with ${scenario.clients + 1} clients connected`, async () => {
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
        const waiting = stalled.length === 1 ? describe(firstStall.c) : `${stalled.length} of the ${scenario.clients} clients (the first: ${describe(firstStall.c)})`;
        fail(`in round ${round} of interleaved messages, ${waiting} got no ${noun} while all ${scenario.clients + 1} clients were connected: ${firstStall.result.why}`, {
          hint: 'Every client needs its own thread that keeps receiving and answering, for as long as that client stays connected.',
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
export function describeStats(stats: ConcurrencyStats, replyMs: number): string {
  return `${stats.connections} clients at once (one of them silent): ${stats.answers} answers, each within ${Math.ceil(stats.slowestMs)} ms (bound ${(replyMs * ANSWER_BOUND_FACTOR) / 1000} s); ${(stats.totalMs / 1000).toFixed(2)} s in all`;
}
