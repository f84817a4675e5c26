import { defineExercise } from './schema.js';
import { echoLoopChecks } from '../graders/echo-loop.js';
import { echoLoopPairChecks } from '../graders/pair/echo-loop.js';

export const echoLoop = defineExercise({
  id: 'echo-loop',
  title: 'Echo server for one client after another, and an interactive client',
  source: { seed: '003 §2.2, §2.2.1', section: '简单的客户端服务器TCP连接 / 带错误处理的客户端服务器TCP连接' },
  protocol: 'tcp',
  roles: {
    // The echo reference already is this server: SO_REUSEADDR (Node sets it), every byte echoed,
    // each conversation closed when its client leaves, clients served one after another.
    server: { defaultCommand: 'python3 server.py', reference: 'echo/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'echo-loop/client' },
  },
  summary:
    'The server (SO_REUSEADDR) serves clients one after another forever, echoing every message until the client leaves. ' +
    "The client prompts 'Please input some string > ', sends each line the user types and prints the echo; " +
    "an empty line is not sent (it prints \"input can't empty, Please input again..\").",
  checks: [...echoLoopChecks, ...echoLoopPairChecks],
});
