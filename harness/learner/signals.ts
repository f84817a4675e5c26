// What gives a program away: the signs, read from the tutorials (/work/shared/seeds) and the
// catalogue, that a source file is one exercise's server or client. Data only; guess.ts scores it.
//
// Weights: 8–10 a string only that exercise prints or sends (its prompt, its reply); 4–6 a
// behaviour or name few exercises share (python.jpg, an echo of what was received); 1–3 what a
// tutorial's style leaves behind (its address, its variable names), shared by several.
import { t, type Text } from '../i18n/text.js';
import type { Role } from '../check/types.js';

/** Which role a sign points to; `any` adds to both roles of the exercise. */
export type RoleTarget = Role | 'any';

export interface ExerciseSign {
  /** Matched against the whole source text (comments included: a learner's comment is a hint too). */
  readonly pattern: RegExp;
  /** Exercise id → [role, weight]. */
  readonly points: Readonly<Record<string, readonly [RoleTarget, number]>>;
  /** What was seen, for the "why" of a guess. */
  readonly says: Text;
}

const any = (weight: number) => ['any', weight] as const;
const server = (weight: number) => ['server', weight] as const;
const client = (weight: number) => ['client', weight] as const;

export const EXERCISE_SIGNS: readonly ExerciseSign[] = [
  // echo (seed 000 §5.2, seed 004)
  { pattern: /Hello, world/, points: { echo: any(8) }, says: t("sends b'Hello, world'", "发送 b'Hello, world'") },
  { pattern: /\b65432\b/, points: { echo: any(3) }, says: t('port 65432 (seed 004)', '端口 65432（教程 004）') },
  // echo-loop (seed 003 §2.2)
  { pattern: /Please input some string/, points: { 'echo-loop': client(10) }, says: t("the prompt 'Please input some string > '", "提示语 'Please input some string > '") },
  { pattern: /input can'?t empty/i, points: { 'echo-loop': client(8) }, says: t("\"input can't empty\"", "\"input can't empty\"") },
  { pattern: /Creating Socket Failure|Binding Failure|Socket (Created|Bind)!/, points: { 'echo-loop': server(6) }, says: t('the error handling of seed 003 §2.2.1', '教程 003 §2.2.1 的错误处理') },
  { pattern: /\bBUF_SIZE\b/, points: { 'echo-loop': any(2), 'udp-echo': any(2) }, says: t('BUF_SIZE (seed 003)', 'BUF_SIZE（教程 003）') },
  { pattern: /\bserver_addr\b/, points: { 'echo-loop': any(1), 'udp-echo': any(1) }, says: t('server_addr (seed 003)', 'server_addr（教程 003）') },
  { pattern: /\b8888\b/, points: { 'echo-loop': any(2), 'udp-echo': any(2) }, says: t('port 8888 (seed 003)', '端口 8888（教程 003）') },
  // ack (seed 000 §5.1)
  { pattern: /received you(r)? message/, points: { ack: server(10) }, says: t("the answer 'server received you message.'", "回复 'server received you message.'") },
  { pattern: /Please input msg/, points: { ack: client(10) }, says: t("the prompt 'Please input msg:'", "提示语 'Please input msg:'") },
  { pattern: /192\.168\.1\.100/, points: { ack: any(1), echo: any(1) }, says: t('the address 192.168.1.100 (seed 000)', '地址 192.168.1.100（教程 000）') },
  { pattern: /Server start at|wait for connection/, points: { ack: server(1), echo: server(1) }, says: t("seed 000's start-up lines", '教程 000 的启动输出') },
  // greet (seed 001)
  { pattern: /成功连接到服务器/, points: { greet: server(10) }, says: t("the greeting '成功连接到服务器 socket message'", "问候语 '成功连接到服务器 socket message'") },
  { pattern: /client receive message/, points: { greet: client(10) }, says: t("'client receive message='", "'client receive message='") },
  { pattern: /start Socket (server|client)/, points: { greet: any(2), 'time-chat': any(2) }, says: t("'start Socket server' (seed 001)", "'start Socket server'（教程 001）") },
  // time-chat (seed 001 §TCP聊天室)
  { pattern: /服务器当前时间/, points: { 'time-chat': server(10) }, says: t("the answer '服务器当前时间='", "回复 '服务器当前时间='") },
  { pattern: /\bctime\s*\(/, points: { 'time-chat': server(6) }, says: t('time.ctime()', 'time.ctime()') },
  { pattern: /\b(datetime|strftime|localtime)\b/, points: { 'time-chat': server(3) }, says: t('the time of day', '当前时间') },
  { pattern: /请输入用户端发送内容/, points: { 'time-chat': client(10) }, says: t("the prompt '请输入用户端发送内容：'", "提示语 '请输入用户端发送内容：'") },
  { pattern: /客户端接收的消息为/, points: { 'time-chat': client(8) }, says: t("'客户端接收的消息为：'", "'客户端接收的消息为：'") },
  // udp-hello (seed 001 §UDP程序设计)
  { pattern: /['"]hello[ {'"]/, points: { 'udp-hello': server(8) }, says: t("the reply 'hello ' + the message", "回复 'hello ' + 消息") },
  { pattern: /请输入传输内容/, points: { 'udp-hello': client(10) }, says: t("the prompt '请输入传输内容：'", "提示语 '请输入传输内容：'") },
  { pattern: /客户端接收信息为/, points: { 'udp-hello': client(8) }, says: t("'客户端接收信息为：'", "'客户端接收信息为：'") },
  { pattern: /\b(HostPort|udpSerSock|udpClisock)\b/, points: { 'udp-hello': any(2) }, says: t("seed 001's UDP names (HostPort, udpSerSock)", '教程 001 的 UDP 变量名（HostPort、udpSerSock）') },
  // udp-echo (seed 003 §2.4)
  { pattern: /Please Input data/, points: { 'udp-echo': client(10) }, says: t("the prompt 'Please Input data > '", "提示语 'Please Input data > '") },
  { pattern: /['"]Data ?: /, points: { 'udp-echo': client(6) }, says: t("'Data : '", "'Data : '") },
  { pattern: /waitting for data|Receive Data/, points: { 'udp-echo': server(4) }, says: t("seed 003's 'waitting for data'", "教程 003 的 'waitting for data'") },
  // file-transfer (seed 001 §使用Socket发送图片)
  { pattern: /python1\.jpg/, points: { 'file-transfer': client(10) }, says: t('python1.jpg', 'python1.jpg') },
  { pattern: /python\.jpg/, points: { 'file-transfer': server(10) }, says: t('python.jpg', 'python.jpg') },
  { pattern: /Ready to recv file/, points: { 'file-transfer': any(8) }, says: t("the acknowledgement 'Ready to recv file'", "确认消息 'Ready to recv file'") },
  { pattern: /传输完毕/, points: { 'file-transfer': client(6) }, says: t("'传输完毕'", "'传输完毕'") },
  { pattern: /getsize|st_size|sendfile/, points: { 'file-transfer': server(4) }, says: t('the size of a file', '文件大小') },
  { pattern: /open\([^)]*['"]wb['"]/, points: { 'file-transfer': client(3) }, says: t('a file written in binary', '以二进制写文件') },
  { pattern: /图片/, points: { 'file-transfer': any(2) }, says: t("'图片'", "'图片'") },
  // thread-echo (seed 001 §多线程与网络编程)
  { pattern: /请输入要传输的内容/, points: { 'thread-echo': client(10) }, says: t("the prompt '请输入要传输的内容：'", "提示语 '请输入要传输的内容：'") },
  { pattern: /从服务器接收的信息/, points: { 'thread-echo': client(8) }, says: t("'从服务器接收的信息'", "'从服务器接收的信息'") },
  { pattern: /客户端接收到信息|关闭客户端|开启服务器/, points: { 'thread-echo': server(4) }, says: t("seed 001's thread server messages", '教程 001 多线程服务器的输出') },
  // threading-menu (seed 002 §ThreadingTCPServer)
  { pattern: /我是多线程/, points: { 'threading-menu': server(10) }, says: t("the greeting '我是多线程'", "问候语 '我是多线程'") },
  { pattern: /您输入的是0/, points: { 'threading-menu': server(10) }, says: t("the answer '您输入的是0'", "回复 '您输入的是0'") },
  { pattern: /请重新输入/, points: { 'threading-menu': server(8) }, says: t("the answer '请重新输入.'", "回复 '请重新输入.'") },
  { pattern: /please input:/, points: { 'threading-menu': client(8) }, says: t("the prompt 'please input:'", "提示语 'please input:'") },
  { pattern: /['"]receive:?['"]/, points: { 'threading-menu': client(4) }, says: t("'receive:'", "'receive:'") },
  { pattern: /\b8009\b/, points: { 'threading-menu': any(2) }, says: t('port 8009 (seed 002)', '端口 8009（教程 002）') },
  // login (seed 001 §作业)
  { pattern: /用户名|密码/, points: { login: client(10) }, says: t("the prompts '用户名>>>' and '密码>>>'", "提示语 '用户名>>>' 和 '密码>>>'") },
  { pattern: /['"]account['"]/, points: { login: server(8) }, says: t("the file 'account'", "文件 'account'") },
  { pattern: /['"]success['"]/, points: { login: any(4) }, says: t("'success'", "'success'") },
  { pattern: /['"]fail['"]/, points: { login: any(4) }, says: t("'fail'", "'fail'") },
  { pattern: /%s\|%s|\{\}\|\{\}|\{0\}\|\{1\}|['"]\|['"]|b['"]\|['"]|\}\|\{/, points: { login: any(6) }, says: t("'user|password'", "'用户名|密码'") },
  { pattern: /192\.168\.0\.1\b/, points: { login: any(2) }, says: t('the address 192.168.0.1 (seed 001 §作业)', '地址 192.168.0.1（教程 001 作业）') },
  // web (seed 002 §最简单的web服务器)
  { pattern: /welcome nginx/, points: { web: server(10) }, says: t("the page '<h1>welcome nginx</h1>'", "页面 '<h1>welcome nginx</h1>'") },
  { pattern: /HTTP\/1\.[01]/, points: { web: server(8) }, says: t('an HTTP/1.x status line', 'HTTP/1.x 状态行') },
  { pattern: /http\.server|BaseHTTPRequestHandler|HTTPServer|createServer\(\s*\(?\s*req/, points: { web: server(8) }, says: t('an HTTP server library', 'HTTP 服务器库') },
  { pattern: /Content-(Type|Length)|text\/html|<h1>/i, points: { web: server(4) }, says: t('HTTP headers or HTML', 'HTTP 头或 HTML') },
  { pattern: /\b8080\b/, points: { web: any(2) }, says: t('port 8080 (seed 002)', '端口 8080（教程 002）') },
  // one-shot-chat (seed 002 §简单的聊天工具)
  { pattern: /yaoyao/, points: { 'one-shot-chat': client(10) }, says: t("sends 'yaoyao'", "发送 'yaoyao'") },
  { pattern: /不要回答/, points: { 'one-shot-chat': server(10) }, says: t("the answer '不要回答,不要回答,不要回答'", "回复 '不要回答,不要回答,不要回答'") },
  { pattern: /\b9999\b/, points: { 'one-shot-chat': any(2) }, says: t('port 9999 (seed 002)', '端口 9999（教程 002）') },
];

/** Exercises whose server sends back what it received (the echo behaviour). */
export const ECHOING_SERVERS = { tcp: ['echo', 'echo-loop', 'thread-echo'], udp: ['udp-echo'] } as const;

/** Exercises whose client reads what the user types. */
export const INTERACTIVE_CLIENTS = ['echo-loop', 'ack', 'time-chat', 'udp-hello', 'udp-echo', 'thread-echo', 'threading-menu', 'login'] as const;

/** Signs of each role, in any language: what only a server or only a client does. */
export const ROLE_SIGNS: readonly { readonly pattern: RegExp; readonly role: Role; readonly weight: number }[] = [
  { pattern: /\bbind\s*\(/, role: 'server', weight: 3 },
  { pattern: /\blisten\s*\(/, role: 'server', weight: 3 },
  { pattern: /\baccept\s*\(/, role: 'server', weight: 3 },
  { pattern: /socketserver|SocketServer|serve_forever|ServerSocket\b|createServer|HTTPServer/, role: 'server', weight: 5 },
  { pattern: /\bconnect(_ex)?\s*\(|create_connection|createConnection|new\s+Socket\s*\(/, role: 'client', weight: 4 },
  { pattern: /\b(raw_)?input\s*\(|sys\.stdin|readline\.createInterface|Scanner\s*\(\s*System\.in|fgets\s*\(/, role: 'client', weight: 1 },
];

/** Signs of the transport. */
export const UDP_SIGN = /SOCK_DGRAM|UDPServer|DatagramSocket|dgram\.createSocket|recvfrom|DatagramPacket/;
export const TCP_SIGN = /SOCK_STREAM|TCPServer|\blisten\s*\(|\baccept\s*\(|create_connection|socket\.socket\(\s*\)|ServerSocket|net\.(connect|createServer|createConnection)|\bsocket\(\s*\)/;

/** Words of a file name that point to exercises (`udp_server.py`, `file_client.py`). */
export const NAME_WORDS: Readonly<Record<string, readonly string[]>> = {
  echo: ['echo', 'echo-loop', 'udp-echo', 'thread-echo'],
  udp: ['udp-hello', 'udp-echo'],
  hello: ['udp-hello'],
  file: ['file-transfer'],
  transfer: ['file-transfer'],
  login: ['login'],
  web: ['web'],
  http: ['web'],
  chat: ['time-chat', 'one-shot-chat'],
  time: ['time-chat'],
  thread: ['thread-echo', 'threading-menu'],
  threading: ['thread-echo', 'threading-menu'],
  menu: ['threading-menu'],
  greet: ['greet'],
  ack: ['ack'],
  loop: ['echo-loop'],
};
