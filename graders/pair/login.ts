// login in pair mode: the learner's client logs in to the learner's server (account alice:123456)
// with a wrong password, then the right one. There is no message boundary in this protocol (the
// tutorial reads each message with one recv()), so nothing is sliced; the connection is cut after
// the first answer instead, and the client must end as the reference client does.
import { t } from '../../harness/i18n/text.js';
import { cutAt } from '../../harness/net/faults/index.js';
import { pairChecks } from './checks.js';

export const loginPairChecks = pairChecks({
  protocol: 'tcp',
  serverFiles: { account: 'alice:123456\n' },
  stdin: ['alice', 'wrong', 'alice', '123456'],
  shows: ['fail', 'success'],
  endsByItself: true,
  hint: t(
    "The client sends exactly user|password (UTF-8, no newline) and prints each answer; the server answers fail or success for the account's user:password lines.",
    '客户端发送的正好是 用户名|密码（UTF-8，不带换行）并打印每个回答；服务器根据 account 文件中的 用户名:密码 行回答 fail 或 success。',
  ),
  // After `fail` (4 bytes) reached the client, the connection is closed: its second attempt meets b''.
  faults: [{ tag: 'cut', toClient: cutAt(4) }],
  stableReference: { version: 1, module: import.meta.url },
});
