// Reference login client (seed 001 §作业): prompts 用户名>>> and 密码>>>, sends user|password,
// prints the answer; after fail it prints 用户名或密码错误 and asks again, after success it ends.
// The end of input or the server closing also ends it.
import { connect } from 'node:net';
import { readAddress } from '../lib/address.js';
import { readReplies } from '../lib/replies.js';
import { readStdinLines } from '../lib/stdin-lines.js';

const WORDS = ['success', 'fail'].map((w) => Buffer.from(w));
/** An answer is complete when it is one of the words, or cannot become one. */
const isComplete = (data: Buffer) => WORDS.some((w) => w.equals(data)) || !WORDS.some((w) => w.subarray(0, data.length).equals(data));

const { host, port } = readAddress();
const socket = connect({ host, port });
const replies = readReplies(socket);
const user = readStdinLines();

async function ask(prompt: string): Promise<string | undefined> {
  process.stdout.write(prompt);
  return Promise.race([user.next(), replies.closed.then(() => undefined)]);
}

async function login(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  for (;;) {
    const name = await ask('用户名>>>');
    if (name === undefined) return;
    const password = await ask('密码>>>');
    if (password === undefined) return;
    socket.write(`${name}|${password}`);
    const reply = await replies.next(isComplete);
    if (reply === undefined) {
      process.stdout.write('\n服务器关闭了连接\n');
      return;
    }
    const text = reply.toString('utf8');
    process.stdout.write(`${text}\n`);
    if (text === 'success') return;
    process.stdout.write('用户名或密码错误\n');
  }
}

login()
  .catch((error: Error) => {
    process.stderr.write(`connection failed: ${error.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    socket.destroy();
    user.close();
  });
