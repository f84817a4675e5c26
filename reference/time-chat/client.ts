// Reference time-chat client (seed 001 §TCP聊天室): prompts 请输入用户端发送内容：, sends each line
// as it is (UTF-8, no newline), prints 客户端接收的消息为： and the reply. An empty line, the end of
// input or the server closing ends it.
import { connect } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { readAddress } from '../lib/address.js';
import { readReplies } from '../lib/replies.js';
import { readStdinLines } from '../lib/stdin-lines.js';

const PROMPT = '请输入用户端发送内容：';
const { host, port } = readAddress();
const socket = connect({ host, port });
const replies = readReplies(socket);
const user = readStdinLines();
const decoder = new StringDecoder('utf8');

async function chat(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  for (;;) {
    process.stdout.write(PROMPT);
    const line = await Promise.race([user.next(), replies.closed.then(() => undefined)]);
    if (line === undefined || line === '') return;
    socket.write(line);
    const reply = await replies.next();
    if (reply === undefined) return;
    process.stdout.write(`客户端接收的消息为：${decoder.write(reply)}\n`);
  }
}

chat()
  .catch((error: Error) => {
    process.stderr.write(`connection failed: ${error.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    socket.destroy();
    user.close();
  });
