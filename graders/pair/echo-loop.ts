// echo-loop in pair mode: two typed lines through the learner's client and server. The protocol
// has no message boundary (the tutorial's client prints one recv()), so nothing is sliced; the
// connection is closed after the first echo instead, and the client must end.
import { t } from '../../harness/i18n/text.js';
import { cutAt } from '../../harness/net/faults/index.js';
import { pairChecks } from './checks.js';

export const echoLoopPairChecks = pairChecks({
  protocol: 'tcp',
  stdin: ['hello', 'second line'],
  prompt: 'Please input some string > ',
  shows: ['hello', 'second line'],
  endsByItself: false,
  hint: t('The client sends each typed line and prints its echo; the server echoes every message back until recv() returns b\'\'.', "客户端发送输入的每一行并打印其回显；服务器把每条消息发回，直到 recv() 返回 b''。"),
  faults: [{ tag: 'cut', toClient: cutAt(5) }],
  stableReference: { version: 1, module: import.meta.url },
});
