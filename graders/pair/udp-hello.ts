// udp-hello in pair mode: one typed line through the learner's client and server over a relay
// that loses, duplicates or delays datagrams. The client waits with a timeout and sends the line
// again (the exercise requires it), so a lost or late request is repaired by its retry.
import { t } from '../../harness/i18n/text.js';
import { drop, duplicate, reorder } from '../../harness/net/faults/index.js';
import { pairChecks } from './checks.js';

/** The exercise gives a client 6 s to send the line again. */
const RETRY_MS = 6000;

export const udpHelloPairChecks = pairChecks({
  protocol: 'udp',
  stdin: ['ping'],
  shows: ['hello ping'],
  endsByItself: false,
  hint: t("The client sends each typed line as one datagram and prints the reply; the server answers each datagram with b'hello ' and its text, to the address it came from.", "客户端把输入的每一行作为一个数据报发送并打印回复；服务器对每个数据报回复 b'hello ' 加上其内容，发回数据报的来源地址。"),
  faults: [
    { tag: 'drop', toServer: drop([1]), delayMs: RETRY_MS },
    { tag: 'duplicate', toClient: duplicate(1) },
    { tag: 'reorder', toServer: reorder(1), delayMs: RETRY_MS },
  ],
  stableReference: { version: 1, module: import.meta.url },
});
