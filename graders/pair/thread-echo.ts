// thread-echo in pair mode: two typed lines through the learner's client and server, each echoed
// and printed by the client's receiving thread. No message boundary (the server takes one recv()
// as one message, `quit` included), so only the clean scenario applies.
import { t } from '../../harness/i18n/text.js';
import { pairChecks } from './checks.js';

export const threadEchoPairChecks = pairChecks({
  protocol: 'tcp',
  stdin: ['hello', 'world'],
  prompt: '请输入要传输的内容：',
  shows: ['hello', 'world'],
  endsByItself: false,
  hint: t('The client sends each typed line (UTF-8, no newline) and its receiving thread prints whatever comes back; the server echoes each message to its client.', '客户端发送输入的每一行（UTF-8，不带换行），其接收线程打印收到的内容；服务器把每条消息回显给它的客户端。'),
  faults: [],
  stableReference: { version: 1, module: import.meta.url },
});
