import { defineExercise } from './schema.js';
import { oneShotChatChecks } from '../graders/one-shot-chat.js';
import { oneShotChatPairChecks } from '../graders/pair/one-shot-chat.js';

export const oneShotChat = defineExercise({
  id: 'one-shot-chat',
  title: 'One-message chat server and client',
  source: { seed: '002 §简单的聊天工具', section: 'the server reads one message per client, answers 不要回答,不要回答,不要回答 and closes; the client sends yaoyao and prints the answer' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'one-shot-chat/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'one-shot-chat/client' },
  },
  summary:
    'For each client, one after another, the server reads one message (one recv()), answers 不要回答,不要回答,不要回答 (UTF-8) and closes the connection. ' +
    'The client sends yaoyao, reads the answer until the server closes and prints it.',
  checks: [...oneShotChatChecks, ...oneShotChatPairChecks],
});
