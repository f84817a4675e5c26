import { defineExercise } from './schema.js';
import { timeChatChecks } from '../graders/time-chat.js';
import { timeChatPairChecks } from '../graders/pair/time-chat.js';

export const timeChat = defineExercise({
  id: 'time-chat',
  title: 'Time chat server and client',
  source: { seed: '001', section: 'TCP聊天室: the server answers every message with 服务器当前时间= and time.ctime()' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'time-chat/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'time-chat/client' },
  },
  summary:
    "The server answers each message with 服务器当前时间= followed by time.ctime() of now; on 'quit' or b'' it closes " +
    'that client without answering and accepts the next. The client prompts 请输入用户端发送内容：, sends each line, ' +
    'prints 客户端接收的消息为： and the answer, and ends on an empty line or when the server closes.',
  checks: [...timeChatChecks, ...timeChatPairChecks],
});
