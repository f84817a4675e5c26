// echo in pair mode: the learner's client sends b'Hello, world' to the learner's server through
// the fault proxy and must print the whole echo. The client knows the echo's length and the
// server reads until b'', so both directions may be sliced, delayed or stalled midway.
import { t } from '../../harness/i18n/text.js';
import { cutAt, delayed, resetAt, sliced, stalled } from '../../harness/net/faults/index.js';
import { pairChecks } from './checks.js';

/** Per piece, each way: the round trip of a slow link. */
const LATENCY_MS = 300;
const STALL_MS = 1200;

export const echoPairChecks = pairChecks({
  protocol: 'tcp',
  shows: ['Hello, world'],
  endsByItself: true,
  hint: t(
    "The client sends b'Hello, world' and receives until all 12 bytes are back; the server echoes every byte until recv() returns b''.",
    "客户端发送 b'Hello, world' 并一直接收直到 12 个字节全部返回；服务器把收到的每个字节发回，直到 recv() 返回 b''。",
  ),
  faults: [
    { tag: 'sliced', toServer: sliced(), toClient: sliced() },
    { tag: 'latency', toServer: delayed(LATENCY_MS), toClient: delayed(LATENCY_MS), delayMs: 4 * LATENCY_MS },
    { tag: 'stall', toClient: stalled(5, STALL_MS), delayMs: STALL_MS },
    { tag: 'reset', toClient: resetAt(5) },
    { tag: 'cut', toClient: cutAt(5) },
  ],
  stableReference: { version: 1, module: import.meta.url },
});
