// The first check of each role, the same in every exercise: the server listens (TCP) or is bound
// (UDP) where it was told, the client connects where it was told. Every other check of the role
// depends on it.
import { fail } from '../../harness/check/failure.js';
import { describeEnding } from '../../harness/check/diagnose.js';
import type { Check } from '../../harness/check/types.js';

export const SERVER_STARTS = 'server-starts';
export const CLIENT_CONNECTS = 'client-connects';

const STARTS = {
  tcp: {
    title: 'starts and listens on the assigned port',
    hint: 'bind() the host and port you are given and call listen() before anything else.',
    ready: 'started listening',
  },
  udp: {
    title: 'binds the assigned UDP port and keeps running',
    hint: 'Create a SOCK_DGRAM socket, bind() the host and port you are given, then wait in recvfrom().',
    ready: 'bound its port',
  },
} as const;

/** `server-starts` (basic, 1 point): `const server = [serverStartsCheck(), { …, dependsOn: SERVER_STARTS }]`. */
export function serverStartsCheck(protocol: 'tcp' | 'udp' = 'tcp'): Check {
  const words = STARTS[protocol];
  return {
    id: SERVER_STARTS,
    title: words.title,
    role: 'server',
    tags: ['basic'],
    points: 1,
    hint: words.hint,
    async run(ctx) {
      const { program } = await ctx.startServer();
      if (program.hasExited) fail(`the server ${describeEnding(program)} right after it ${words.ready}`);
    },
  };
}

/** `client-connects` (basic, 1 point): the client connects to a scripted server (acceptClient's diagnosis if not). */
export function clientConnectsCheck(): Check {
  return {
    id: CLIENT_CONNECTS,
    title: 'connects to the assigned server address',
    role: 'client',
    tags: ['basic'],
    points: 1,
    hint: 'connect() to the host and port you are given ({host} {port} or $HOST $PORT).',
    async run(ctx) {
      await ctx.acceptClient();
    },
  };
}
