// udp-echo in pair mode: as udp-hello, with the echo of the typed line as the reply.
import { t } from '../../harness/i18n/text.js';
import { drop, duplicate, reorder } from '../../harness/net/faults/index.js';
import { pairChecks } from './checks.js';

const RETRY_MS = 6000;

export const udpEchoPairChecks = pairChecks({
  protocol: 'udp',
  stdin: ['ping'],
  shows: ['ping'],
  endsByItself: false,
  hint: t('The client sends each typed line as one datagram and prints the echo; the server sends every datagram back to the address it came from.', '客户端把输入的每一行作为一个数据报发送并打印回显；服务器把每个数据报发回其来源地址。'),
  faults: [
    { tag: 'drop', toServer: drop([1]), delayMs: RETRY_MS },
    { tag: 'duplicate', toClient: duplicate(1) },
    { tag: 'reorder', toServer: reorder(1), delayMs: RETRY_MS },
  ],
  stableReference: { version: 1, module: import.meta.url },
});
