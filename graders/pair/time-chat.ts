// time-chat in pair mode: two typed lines through the learner's client and server; the client
// must print each answer the server sent (the time of day, so what it shows is taken from what
// the server sent). No message boundary, so nothing is sliced; the connection is closed after
// the first answer, and the client must end.
import { t } from '../../harness/i18n/text.js';
import { cutAt } from '../../harness/net/faults/index.js';
import { pairChecks } from './checks.js';

const PREFIX = '服务器当前时间=';
/** The prefix and time.ctime()'s 24 characters. */
const ANSWER_BYTES = Buffer.byteLength(PREFIX) + 24;

export const timeChatPairChecks = pairChecks({
  protocol: 'tcp',
  stdin: ['hello', 'world'],
  prompt: '请输入用户端发送内容：',
  // Each answer the server sent, whole: the client must print them all.
  shows: (sent) => sent.toString('utf8').split(PREFIX).slice(1).map((time) => PREFIX + time),
  endsByItself: false,
  hint: t("The client sends each typed line as UTF-8 (no newline) and prints each answer; the server answers every message with 服务器当前时间= and time.ctime().", '客户端把输入的每一行以 UTF-8（不带换行）发送并打印每个回答；服务器对每条消息回答 服务器当前时间= 加上 time.ctime()。'),
  faults: [{ tag: 'cut', toClient: cutAt(ANSWER_BYTES) }],
});
