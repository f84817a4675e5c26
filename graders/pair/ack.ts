// ack in pair mode: two typed messages through the learner's client and server, each answered
// with the acknowledgement. No message boundary (one recv() per message in the tutorial), so
// nothing is sliced; the connection is closed after the first answer, and the client must end.
import { t } from '../../harness/i18n/text.js';
import { cutAt } from '../../harness/net/faults/index.js';
import { pairChecks } from './checks.js';

const ACK = 'server received you message.';

export const ackPairChecks = pairChecks({
  protocol: 'tcp',
  stdin: ['hello', 'again'],
  prompt: 'Please input msg:',
  shows: [ACK, ACK],
  endsByItself: false,
  hint: t(`The client sends each typed message and prints the answer; the server answers every message with exactly '${ACK}'.`, `客户端发送输入的每条消息并打印回答；服务器对每条消息都只回答 '${ACK}'。`),
  faults: [{ tag: 'cut', toClient: cutAt(Buffer.byteLength(ACK)) }],
  stableReference: { version: 1, module: import.meta.url },
});
