// Reference udp-hello client: prompts 请输入传输内容：, sends each line, prints
// 客户端接收信息为： + the reply; `quit` or an empty line ends it.
import { runUdpClient } from '../lib/udp-client.js';

await runUdpClient({ prompt: '请输入传输内容：', label: '客户端接收信息为：', ends: (line) => line === '' || line === 'quit' });
