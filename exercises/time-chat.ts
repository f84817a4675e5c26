import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { timeChatChecks } from '../graders/time-chat.js';
import { timeChatPairChecks } from '../graders/pair/time-chat.js';

export const timeChat = defineExercise({
  id: 'time-chat',
  title: t('Time chat server and client', '报时聊天服务器和客户端'),
  source: { seed: '001', section: 'TCP聊天室: the server answers every message with 服务器当前时间= and time.ctime()' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'time-chat/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'time-chat/client' },
  },
  summary: t(
    "The server answers each message with 服务器当前时间= followed by time.ctime() of now; on 'quit' or b'' it closes " +
    'that client without answering and accepts the next. The client prompts 请输入用户端发送内容：, sends each line, ' +
    'prints 客户端接收的消息为： and the answer, and ends on an empty line or when the server closes.',
    "服务器用 服务器当前时间= 加上当前的 time.ctime() 回答每条消息；收到 'quit' 或 b'' 时不作回答，关闭与该客户端的连接，再接受下一个客户端。客户端提示 请输入用户端发送内容：，发送每一行，打印 客户端接收的消息为： 和回答，输入空行或服务器关闭连接时结束。",
  ),
  checks: [...timeChatChecks, ...timeChatPairChecks],
});
