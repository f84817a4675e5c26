import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { threadingMenuChecks } from '../graders/threading-menu.js';
import { threadingMenuPairChecks } from '../graders/pair/threading-menu.js';

export const threadingMenu = defineExercise({
  id: 'threading-menu',
  title: t('ThreadingTCPServer menu server and client', 'ThreadingTCPServer 菜单服务器和客户端'),
  source: { seed: '002', section: 'ThreadingTCPServer' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'threading-menu/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'threading-menu/client' },
  },
  summary: t(
    'The server (socketserver.ThreadingTCPServer, a thread per client) greets each client with 我是多线程, then answers each message: ' +
    'exit ends the conversation, 0 gets 您输入的是0, anything else 请重新输入. . ' +
    'The client prints what it receives (receive: ...), prompts please input:, sends the line, and stops after sending exit.',
    '服务器（socketserver.ThreadingTCPServer，每个客户端一个线程）先用 我是多线程 问候每个客户端，然后回答每条消息：exit 结束会话，0 得到 您输入的是0，其他任何内容得到 请重新输入. 。客户端打印收到的内容（receive: ...），提示 please input:，发送这一行，发送 exit 后停止。',
  ),
  checks: [...threadingMenuChecks, ...threadingMenuPairChecks],
});
