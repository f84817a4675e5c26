import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { loginChecks } from '../graders/login.js';
import { loginPairChecks } from '../graders/pair/login.js';

export const login = defineExercise({
  id: 'login',
  title: t('Login server and client', '登录服务器和客户端'),
  source: { seed: '001', section: '作业: user|password checked against the lines user:password of the file account' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'login/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'login/client' },
  },
  summary: t(
    'The server reads the file account (lines user:password) from its working folder and answers each message user|password ' +
    'with success when it matches a line, else fail; several attempts may come on one connection. The client prompts ' +
    '用户名>>> and 密码>>>, sends user|password, prints the answer, asks again after fail and stops after success.',
    '服务器从工作目录读取 account 文件（每行是 user:password），对每条 user|password 消息，匹配到某一行时回答 success，否则回答 fail；同一个连接上可能有多次尝试。客户端提示 用户名>>> 和 密码>>>，发送 user|password，打印回答，收到 fail 后再次询问，收到 success 后停止。',
  ),
  checks: [...loginChecks, ...loginPairChecks],
});
