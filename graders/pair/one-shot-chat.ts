// one-shot-chat in pair mode: the learner's client sends yaoyao to the learner's server, which
// answers once and closes. The client reads until the server closes, so the answer may reach it
// in pieces (sliced); the server reads its one message with one recv(), so that is never sliced.
import { t } from '../../harness/i18n/text.js';
import { sliced } from '../../harness/net/faults/index.js';
import { pairChecks } from './checks.js';

export const oneShotChatPairChecks = pairChecks({
  protocol: 'tcp',
  shows: ['不要回答,不要回答,不要回答'],
  endsByItself: true,
  hint: t(
    "The client sends b'yaoyao'; the server answers '不要回答,不要回答,不要回答' in UTF-8 and closes; the client receives until b'', decodes once and prints it.",
    "客户端发送 b'yaoyao'；服务器以 UTF-8 回答 '不要回答,不要回答,不要回答' 后关闭；客户端一直接收到 b''，整体解码一次后打印。",
  ),
  faults: [{ tag: 'sliced', toClient: sliced() }],
  stableReference: { version: 1, module: import.meta.url },
});
