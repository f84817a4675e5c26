// file-transfer in pair mode: the learner's server sends python.jpg (10007 seeded bytes) to the
// learner's client, which must save it as python1.jpg and print 传输完毕. The acknowledgement has
// a known length and the file a announced one, so both may arrive in pieces; the size itself
// may be read with one recv() (the exercise only warns about it), so it is never sliced.
import { join } from 'node:path';
import { fail } from '../../harness/check/failure.js';
import { t } from '../../harness/i18n/text.js';
import { cutAt, sliced } from '../../harness/net/faults/index.js';
import { matchFileOnDisk, SeededFile, writeSeededFile } from '../expect/big-file.js';
import { pairChecks } from './checks.js';

const FILE = new SeededFile(10_007, 'file-transfer/pair');

export const fileTransferPairChecks = pairChecks({
  protocol: 'tcp',
  serverFiles: { 'python.jpg': (path: string) => writeSeededFile(path, FILE) },
  shows: ['传输完毕'],
  // The size may be framed (a newline after it); the file is compared on disk instead.
  serverSendsVary: true,
  endsByItself: true,
  hint: t(
    "The server sends the size, waits for all of b'Ready to recv file' and sends the file; the client receives exactly size bytes into python1.jpg and prints 传输完毕.",
    "服务器发送文件大小，等收齐 b'Ready to recv file' 后发送文件；客户端把正好 size 个字节接收到 python1.jpg 中并打印 传输完毕。",
  ),
  faults: [
    { tag: 'sliced', toServer: sliced(), toClient: sliced({ skipChunks: 1 }) },
    // Mid-file: a right client stops with an error and without 传输完毕.
    { tag: 'cut', toClient: cutAt(3000) },
  ],
  async verify({ client }) {
    const matcher = await matchFileOnDisk(join(client.options.cwd, 'python1.jpg'), FILE);
    if (!matcher) fail(t("the client printed 传输完毕 but did not create python1.jpg in its working folder", '客户端打印了 传输完毕，但没有在其工作目录中创建 python1.jpg'));
    const mismatch = matcher.describeMismatch("the client's python1.jpg");
    if (mismatch) fail(t(`${mismatch}; python.jpg was ${FILE.describe()}`, `客户端的 python1.jpg 与服务器的 python.jpg 不同：${mismatch}`));
  },
  stableReference: { version: 1, module: import.meta.url },
});
