// The first check of each role, the same in every exercise: the server listens (TCP) or is bound
// (UDP) where it was told, the client connects where it was told. Every other check of the role
// depends on it.
import { fail } from '../../harness/check/failure.js';
import { endingText } from '../../harness/check/diagnose.js';
import type { Check } from '../../harness/check/types.js';
import { t } from '../../harness/i18n/text.js';

export const SERVER_STARTS = 'server-starts';
export const CLIENT_CONNECTS = 'client-connects';

const STARTS = {
  tcp: {
    title: t('starts and listens on the assigned port', '启动并在分配的端口上监听'),
    hint: t('bind() the host and port you are given and call listen() before anything else.', '先 bind() 分配给你的主机和端口，再调用 listen()，然后才做其他事情。'),
    ready: t('started listening', '开始监听'),
  },
  udp: {
    title: t('binds the assigned UDP port and keeps running', '绑定分配的 UDP 端口并保持运行'),
    hint: t('Create a SOCK_DGRAM socket, bind() the host and port you are given, then wait in recvfrom().', '创建一个 SOCK_DGRAM 套接字，bind() 分配给你的主机和端口，然后在 recvfrom() 中等待。'),
    ready: t('bound its port', '绑定端口'),
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
      if (program.hasExited) {
        const ending = endingText(program);
        fail(t(`the server ${ending.en} right after it ${words.ready.en}`, `服务器刚${words.ready.zh}就${ending.zh}`));
      }
    },
  };
}

/** `client-connects` (basic, 1 point): the client connects to a scripted server (acceptClient's diagnosis if not). */
export function clientConnectsCheck(): Check {
  return {
    id: CLIENT_CONNECTS,
    title: t('connects to the assigned server address', '连接到分配的服务器地址'),
    role: 'client',
    tags: ['basic'],
    points: 1,
    hint: t('connect() to the host and port you are given ({host} {port} or $HOST $PORT).', 'connect() 到分配给你的主机和端口（{host} {port} 或 $HOST $PORT）。'),
    async run(ctx) {
      await ctx.acceptClient();
    },
  };
}
