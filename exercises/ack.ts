import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { ackChecks } from '../graders/ack.js';
import { ackPairChecks } from '../graders/pair/ack.js';

export const ack = defineExercise({
  id: 'ack',
  title: t('Acknowledging server and interactive client', '回复确认的服务器和交互式客户端'),
  source: { seed: '000 §5.1', section: '示例1' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'ack/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'ack/client' },
  },
  summary: t(
    "The server answers every message with 'server received you message.' and serves clients one after another. " +
    "The client prompts 'Please input msg:', sends each line the user types and prints each answer.",
    "服务器用 'server received you message.' 回答每条消息，并依次为客户端服务。客户端提示 'Please input msg:'，发送用户输入的每一行，并打印每个回答。",
  ),
  checks: [...ackChecks, ...ackPairChecks],
});
