import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { oneShotChatChecks } from '../graders/one-shot-chat.js';
import { oneShotChatPairChecks } from '../graders/pair/one-shot-chat.js';

export const oneShotChat = defineExercise({
  id: 'one-shot-chat',
  title: t('One-message chat server and client', '一问一答聊天服务器和客户端'),
  source: { seed: '002 §简单的聊天工具', section: 'the server reads one message per client, answers 不要回答,不要回答,不要回答 and closes; the client sends yaoyao and prints the answer' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'one-shot-chat/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'one-shot-chat/client' },
  },
  summary: t(
    'For each client, one after another, the server reads one message (one recv()), answers 不要回答,不要回答,不要回答 (UTF-8) and closes the connection. ' +
    'The client sends yaoyao, reads the answer until the server closes and prints it.',
    '服务器依次处理每个客户端：读取一条消息（一次 recv()），回答 不要回答,不要回答,不要回答（UTF-8），然后关闭连接。客户端发送 yaoyao，一直读取回答直到服务器关闭连接，然后打印出来。',
  ),
  checks: [...oneShotChatChecks, ...oneShotChatPairChecks],
});
