// threading-menu in pair mode: the learner's server greets, the learner's client chooses 0, then
// 1. No message boundary (each recv() is one choice), so only the clean scenario applies.
import { t } from '../../harness/i18n/text.js';
import { pairChecks } from './checks.js';

export const threadingMenuPairChecks = pairChecks({
  protocol: 'tcp',
  stdin: ['0', '1'],
  prompt: 'please input:',
  shows: ['我是多线程', '您输入的是0', '请重新输入.'],
  endsByItself: false,
  hint: t("The server greets with '我是多线程' and answers 0 with '您输入的是0', anything else with '请重新输入.'; the client prints each answer and sends each typed choice.", "服务器先发送 '我是多线程'，对 0 回答 '您输入的是0'，对其他输入回答 '请重新输入.'；客户端打印每个回答并发送输入的每个选择。"),
  faults: [],
  stableReference: { version: 1, module: import.meta.url },
});
