import { t } from '../harness/i18n/text.js';
import { defineExercise } from './schema.js';
import { fileTransferChecks, OVERSIZE } from '../graders/file-transfer.js';
import { fileTransferPairChecks } from '../graders/pair/file-transfer.js';

export const fileTransfer = defineExercise({
  id: 'file-transfer',
  title: t('Sending a file (python.jpg) over a socket', '通过套接字发送文件（python.jpg）'),
  source: { seed: '001 §使用Socket发送图片', section: 'the server sends the size of python.jpg, waits for Ready to recv file, streams the file; the client saves it as python1.jpg' },
  protocol: 'tcp',
  roles: {
    server: { defaultCommand: 'python3 server.py', reference: 'file-transfer/server' },
    client: { defaultCommand: 'python3 client.py', reference: 'file-transfer/client' },
  },
  summary: t(
    'For each client the server sends the size of python.jpg (its working folder) as decimal text, waits for b\'Ready to recv file\', then sends the file. ' +
    'The client reads the size, sends b\'Ready to recv file\', receives exactly that many bytes into python1.jpg and prints 传输完毕.',
    "对每个客户端，服务器先以十进制文本发送 python.jpg（在它的工作目录中）的大小，等待 b'Ready to recv file'，然后发送文件。客户端读取大小，发送 b'Ready to recv file'，把恰好这么多字节接收到 python1.jpg 中，并打印 传输完毕。",
  ),
  // A right client writes the 64 MiB file of the oversize check; the file-size limit is twice that.
  needs: { fileSizeBytes: OVERSIZE.size },
  checks: [...fileTransferChecks, ...fileTransferPairChecks],
});
