// Runs one pair scenario: a server, our fault proxy (TCP) or relay (UDP) in front of it with the
// scenario's faults, and a client pointed at the proxy and typed the scenario's lines. The same
// run serves the learner's pair and the reference pair (the baseline it is compared with).
import type { CheckContext, RunningServer } from '../../harness/check/context.js';
import type { Program } from '../../harness/process/program.js';
import { typeWhenAsked } from '../expect/interactive.js';
import { showsAll } from './shows.js';
import type { PairFault, PairSpec } from './scenario.js';
import { expectationOf } from './scenario.js';

export type PairSides = 'learner' | 'reference';

export interface PairRun {
  readonly client: Program;
  readonly server: RunningServer;
  /** The client connected through the proxy (TCP) or sent a datagram through the relay (UDP). */
  readonly connected: boolean;
  /** What the server received through the proxy: TCP bytes, or UDP datagrams joined in order. */
  readonly serverReceived: Buffer;
  /** UDP: the datagrams the server received, one by one. */
  readonly datagrams?: readonly Buffer[];
  /** UDP: the server's replies, one by one, before any fault. */
  readonly replies?: readonly Buffer[];
  /** UDP: how many datagrams the client sent (the relay may have lost some). */
  readonly clientSent?: number;
  /** What the server sent toward the client, before any fault. */
  readonly serverSent: Buffer;
  /** The fault cut or reset the connection (TCP). */
  readonly cut: boolean;
  /** When the client ended, counted from the check's start (ms); undefined if it still ran. */
  readonly endedAt: number | undefined;
}

/** How long a client that does not end by itself gets to show one more (duplicated) reply. */
const SETTLE_MS = 300;
const POLL_MS = 5;

/**
 * Polls until `test` holds, or nothing has moved (`progress()` unchanged) for `idleMs`, or `capMs`
 * passed: a pair that keeps exchanging bytes on a loaded machine is slow, not stuck.
 */
async function waitWhileMoving(test: () => boolean, progress: () => string, idleMs: number, capMs: number): Promise<boolean> {
  const started = performance.now();
  let last = progress();
  let movedAt = started;
  while (!test()) {
    const now = performance.now();
    const seen = progress();
    if (seen !== last) {
      last = seen;
      movedAt = now;
    }
    if (now - movedAt >= idleMs || now - started >= capMs) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return true;
}

async function pollUntil(test: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return true;
}

/** The scenario: `clean` (no fault) or one of the spec's faults. */
export async function runFaultPair(ctx: CheckContext, spec: PairSpec, fault: PairFault | undefined, sides: PairSides): Promise<PairRun> {
  const learner = sides === 'learner';
  const labels = learner ? { client: 'client', server: 'server' } : { client: 'reference client', server: 'reference server' };
  const files = spec.serverFiles ? { files: spec.serverFiles } : {};
  const server = learner ? await ctx.startServer(files) : await ctx.startReferenceServer(files);
  const faults = { ...(fault?.toServer ? { toServer: fault.toServer } : {}), ...(fault?.toClient ? { toClient: fault.toClient } : {}) };
  let wire: () => { connected: boolean; serverReceived: Buffer; datagrams?: Buffer[]; replies?: Buffer[]; clientSent?: number; serverSent: Buffer; clientReceived: number; cut: boolean; clientClosed: boolean };
  let port: number;
  let idle: (ms: number) => Promise<void> = async () => {};
  if (spec.protocol === 'tcp') {
    const proxy = await ctx.proxy(server.address, labels, { ...faults as object, consumeBoundMs: ctx.timeouts.replyMs });
    port = proxy.port;
    idle = (ms) => proxy.waitIdle(ms);
    wire = () => {
      const connections = proxy.record().connections;
      return {
        connected: connections.length > 0,
        serverReceived: Buffer.concat(connections.map((c) => c.serverReceived)),
        serverSent: Buffer.concat(connections.map((c) => c.toClient)),
        clientReceived: connections.reduce((n, c) => n + c.clientReceived.length, 0),
        cut: connections.some((c) => c.cutBy !== undefined),
        clientClosed: connections.length > 0 && connections.every((c) => c.clientClosed !== undefined || c.cutBy !== undefined),
      };
    };
  } else {
    const relay = await ctx.udpRelay(server.address, labels, faults as object);
    port = relay.port;
    wire = () => {
      const record = relay.record();
      return {
        connected: record.fromClient.length > 0,
        serverReceived: Buffer.concat(record.serverReceived),
        datagrams: [...record.serverReceived],
        clientSent: record.fromClient.length,
        replies: [...record.fromServer],
        serverSent: Buffer.concat(record.fromServer),
        clientReceived: record.clientReceived.length,
        cut: false,
        clientClosed: true,
      };
    };
  }
  const target = { host: '127.0.0.1', port };
  const client = learner ? await ctx.startClient(target) : await ctx.startReferenceClient(target);
  const typing = typeLines(ctx, spec, client);
  // Bounds count from the client's connection, not its spawn: an interpreter's start on a busy
  // machine is not the program's slowness.
  await pollUntil(() => wire().connected || client.hasExited, ctx.timeouts.startupMs);
  const extraMs = fault?.delayMs ?? 0;
  // The reference is trusted to finish: only a loaded machine makes it late, so it gets more time.
  const slack = learner ? 1 : 3;
  const lines = Math.max(1, spec.stdin?.length ?? 1);
  const progress = () => {
    const w = wire();
    return `${w.serverReceived.length}/${w.serverSent.length}/${w.clientReceived}/${client.stdout.text().length}`;
  };
  // Each bound counts from the last thing that moved; the cap keeps a chatty program bounded.
  const idleBound = (ms: number) => (ms + extraMs) * slack;
  const cap = (ms: number) => (ms * (lines + 2) + extraMs) * slack;
  if (wire().connected) {
    if (fault && expectationOf(fault.tag) === 'survives') {
      // Every pair meets the cut; from then on the client has the exit bound to end.
      await waitWhileMoving(() => wire().cut || client.hasExited, progress, idleBound(ctx.timeouts.replyMs), cap(ctx.timeouts.replyMs));
      await client.waitExit(ctx.timeouts.exitMs * slack);
    } else if (spec.endsByItself) {
      await waitWhileMoving(() => client.hasExited, progress, idleBound(ctx.timeouts.exitMs), cap(ctx.timeouts.exitMs));
    } else {
      const shown = () => {
        const expected = expectedShows(spec, wire().serverSent);
        // Shows taken from what the server sent are complete once every typed line was answered.
        const answered = typeof spec.shows !== 'function' || expected.length >= lines;
        return answered && showsAll(client.stdout.text(), expected).missing === undefined;
      };
      await waitWhileMoving(() => shown() || client.hasExited, progress, idleBound(ctx.timeouts.replyMs), cap(ctx.timeouts.replyMs));
      // A duplicated reply, if the client prints it, comes right after.
      await client.waitExit(SETTLE_MS);
    }
  }
  await typing;
  if (client.hasExited) await pollUntil(() => wire().clientClosed, ctx.timeouts.replyMs);
  // What a fault still holds back (latency, a stall) reaches its program before the record is read.
  await idle(ctx.timeouts.replyMs + extraMs);
  const { connected, serverReceived, datagrams, replies, clientSent, serverSent, cut } = wire();
  return { client, server, connected, serverReceived, ...(datagrams ? { datagrams } : {}), ...(replies ? { replies } : {}), ...(clientSent !== undefined ? { clientSent } : {}), serverSent, cut, endedAt: client.exitInfo?.at };
}

/** What the client must show in a run whose server sent `serverSent`. */
export function expectedShows(spec: PairSpec, serverSent: Buffer): readonly (string | Uint8Array)[] {
  return typeof spec.shows === 'function' ? spec.shows(serverSent) : spec.shows;
}

/** Types the scenario's lines: each when the client asks for it (its prompt, or a read on stdin), or all at once. */
async function typeLines(ctx: CheckContext, spec: PairSpec, client: Program): Promise<void> {
  const lines = spec.stdin ?? [];
  if (!spec.prompt) {
    for (const line of lines) client.writeStdin(`${line}\n`);
    return;
  }
  for (const [i, line] of lines.entries()) {
    const asked = await typeWhenAsked(client, line, { prompt: spec.prompt, count: i + 1, timeoutMs: ctx.timeouts.replyMs });
    if (asked === 'exited') return;
  }
}
