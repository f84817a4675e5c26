import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { echoLoopChecks } from '../graders/echo-loop.js';
import { echoLoopPairChecks } from '../graders/pair/echo-loop.js';

export const echoLoop = defineExercise({
  id: 'echo-loop',
  title: t('Echo server for one client after another, and an interactive client', '依次服务多个客户端的回显服务器，以及交互式客户端'),
  source: { seed: '003 §2.2, §2.2.1', section: '简单的客户端服务器TCP连接 / 带错误处理的客户端服务器TCP连接' },
  protocol: 'tcp',
  roles: {
    // The echo reference already is this server: SO_REUSEADDR (Node sets it), every byte echoed,
    // each conversation closed when its client leaves, clients served one after another.
    server: { defaultCommand: 'python3 server.py', reference: 'echo/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'echo-loop/client' },
  },
  summary: t(
    'The server (SO_REUSEADDR) serves clients one after another forever, echoing every message until the client leaves. ' +
    "The client prompts 'Please input some string > ', sends each line the user types and prints the echo; " +
    "an empty line is not sent (it prints \"input can't empty, Please input again..\").",
    `服务器（使用 SO_REUSEADDR）一直依次为客户端服务，回显每条消息，直到客户端离开。客户端提示 'Please input some string > '，发送用户输入的每一行并打印回显；空行不发送（而是打印 "input can't empty, Please input again.."）。`,
  ),
  checks: [...echoLoopChecks, ...echoLoopPairChecks],
});
