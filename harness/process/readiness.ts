// Knowing when a server is ready without connecting to it: a connect probe would use up the
// only accept() of a one-client server. On Linux we look for the listening socket in /proc;
// elsewhere we try to bind the assigned port ourselves (EADDRINUSE means the program holds it).
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import type { Program, ExitInfo } from './program.js';
import { hasProcFs, isWaitingOnStdin, listBoundSockets, listListeningSockets, type SocketProtocol, type SocketRow } from './proc.js';

export type Readiness =
  | { readonly kind: 'listening'; readonly port: number; readonly address: string; readonly afterMs: number }
  | { readonly kind: 'exited'; readonly exit: ExitInfo }
  | { readonly kind: 'wrong-port'; readonly ports: readonly number[] }
  | { readonly kind: 'timeout'; readonly waitingOnStdin: boolean };

export interface ReadinessOptions {
  readonly protocol: SocketProtocol;
  readonly port: number;
  readonly timeoutMs: number;
  /** How long a program may listen only on other ports before we say so (it may open several). */
  readonly wrongPortGraceMs?: number;
}

const POLL_MS = 5;

function probeByBinding(protocol: SocketProtocol, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (protocol === 'tcp') {
      const server = createServer();
      server.once('error', () => resolve(true));
      server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(false)));
    } else {
      const socket = createSocket('udp4');
      socket.once('error', () => {
        socket.close();
        resolve(true);
      });
      socket.bind({ port, address: '0.0.0.0', exclusive: true }, () => socket.close(() => resolve(false)));
    }
  });
}

/** Every how many polls the tables are read whole (see listListeningSockets), ~100 ms apart. */
const WHOLE_READ_EVERY = 20;

function findOwnSockets(program: Program, protocol: SocketProtocol, whole: boolean): SocketRow[] {
  if (program.pid === undefined) return [];
  return protocol === 'tcp' && !whole ? listListeningSockets(program.pid) : listBoundSockets(program.pid, protocol);
}

/** Waits until the program listens (TCP) or has bound (UDP) the assigned port, bounded by timeoutMs. */
export async function waitUntilListening(program: Program, options: ReadinessOptions): Promise<Readiness> {
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  const grace = options.wrongPortGraceMs ?? 1000;
  let wrongSince: number | undefined;
  for (let poll = 0; ; poll++) {
    if (program.exitInfo) return { kind: 'exited', exit: program.exitInfo };
    if (hasProcFs) {
      const sockets = findOwnSockets(program, options.protocol, poll % WHOLE_READ_EVERY === WHOLE_READ_EVERY - 1);
      const mine = sockets.find((s) => s.localPort === options.port);
      if (mine) return { kind: 'listening', port: mine.localPort, address: mine.localAddress, afterMs: Math.round(performance.now() - started) };
      if (sockets.length > 0) {
        wrongSince ??= performance.now();
        if (performance.now() - wrongSince >= grace) return { kind: 'wrong-port', ports: sockets.map((s) => s.localPort) };
      }
    } else if (await probeByBinding(options.protocol, options.port)) {
      return { kind: 'listening', port: options.port, address: '?', afterMs: Math.round(performance.now() - started) };
    }
    if (performance.now() >= deadline) {
      const sockets = hasProcFs ? findOwnSockets(program, options.protocol, true) : [];
      if (sockets.length > 0) return { kind: 'wrong-port', ports: sockets.map((s) => s.localPort) };
      return { kind: 'timeout', waitingOnStdin: program.pid !== undefined && hasProcFs && isWaitingOnStdin(program.pid) };
    }
    // Wake early if the program exits while we wait.
    await Promise.race([program.waitExit(POLL_MS), new Promise((r) => setTimeout(r, POLL_MS))]);
  }
}
