// greet in pair mode: the learner's server greets the learner's client and closes; the client
// reads until the server closes, so the greeting may reach it in pieces (sliced), split inside
// a character.
import { t } from '../../harness/i18n/text.js';
import { sliced } from '../../harness/net/faults/index.js';
import { pairChecks } from './checks.js';

export const greetPairChecks = pairChecks({
  protocol: 'tcp',
  shows: ['成功连接到服务器 socket message'],
  endsByItself: true,
  hint: t(
    "The server sends '成功连接到服务器 socket message' in UTF-8 and closes; the client receives until recv() returns b'', decodes once and prints it.",
    "服务器以 UTF-8 发送 '成功连接到服务器 socket message' 后关闭；客户端一直接收到 recv() 返回 b''，整体解码一次后打印。",
  ),
  faults: [{ tag: 'sliced', toClient: sliced() }],
  stableReference: { version: 1, module: import.meta.url },
});
