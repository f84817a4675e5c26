// Runs a client against a server with a recording proxy between them, so what a submission does
// can be compared with what the reference does in the same scenario.
import type { CheckContext, RunningServer } from '../../harness/check/context.js';
import type { ExitInfo, Program } from '../../harness/process/program.js';
import type { WireRecord } from '../../harness/net/recording-proxy.js';

export type Side = 'submission' | 'reference';

export interface PairRun {
  readonly client: Program;
  readonly server: RunningServer;
  /** The client's exit, or undefined if it was still running when the scenario ended. */
  readonly exit: ExitInfo | undefined;
  readonly stdout: string;
  readonly wire: WireRecord;
}

export interface PairScenario {
  readonly server: Side;
  readonly client: Side;
  /** Lines typed into the client, each followed by a newline. Stdin stays open afterwards. */
  readonly stdin?: readonly string[];
}

/** Starts both sides, waits (bounded) for the client to end by itself, and returns what happened. */
export async function runPair(ctx: CheckContext, scenario: PairScenario): Promise<PairRun> {
  const server = scenario.server === 'submission' ? await ctx.startServer() : await ctx.startReferenceServer();
  const serverLabel = scenario.server === 'submission' ? 'server' : 'reference server';
  const clientLabel = scenario.client === 'submission' ? 'client' : 'reference client';
  const proxy = await ctx.proxy(server.address, { client: clientLabel, server: serverLabel });
  const target = { host: '127.0.0.1', port: proxy.port };
  const client = scenario.client === 'submission' ? await ctx.startClient(target) : await ctx.startReferenceClient(target);
  for (const line of scenario.stdin ?? []) client.writeStdin(`${line}\n`);
  // The exit bound counts from the client's connection, not its spawn: starting an interpreter on
  // a busy machine can take seconds, and that is not the program's slowness.
  await Promise.race([proxy.waitConnection(ctx.timeouts.startupMs), client.waitExit(ctx.timeouts.startupMs)]);
  const exit = await client.waitExit(ctx.timeouts.exitMs);
  if (exit) await proxy.waitClientsClosed(ctx.timeouts.replyMs);
  return { client, server, exit, stdout: client.stdout.text(), wire: proxy.record() };
}

/** All bytes that went one way over every connection of a run. */
export function bytesSent(wire: WireRecord, direction: 'toServer' | 'toClient'): Buffer {
  return Buffer.concat(wire.connections.map((c) => c[direction]));
}

/**
 * The run went all the way: the client ended by itself with status 0 and closed every connection
 * it made (so the proxy's record holds all it sent and was sent). Only such a reference run is kept across runs (a loaded machine can make
 * a bound cut the reference short, and that must not be remembered).
 */
export function ranToTheEnd(run: PairRun): boolean {
  return run.exit?.code === 0 && run.wire.connections.length > 0 && run.wire.connections.every((c) => c.clientClosed !== undefined);
}
