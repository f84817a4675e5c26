// Turns "the program did not start properly" into words a learner understands: what Python
// said, which address the program really used, and what it was doing instead of its job.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Address } from '../process/command.js';
import { exitText, type Program } from '../process/program.js';
import { t, type Text } from '../i18n/text.js';
import { ROLE_WORDS } from '../i18n/words.js';
import { formatBytes, RAISE_MEMORY_FLAG } from '../process/limits.js';
import { findStdinReaders, hasProcFs, isWaitingOnStdin, listProcessTree, listTreeSockets, readBlockedSyscall, TCP_ESTABLISHED, TCP_SYN_SENT, type SocketProtocol } from '../process/proc.js';
import { dumpPythonStacks, findInputWait, parseStacks, stacksFileFor } from '../python/stacks.js';
import type { Readiness } from '../process/readiness.js';
import {
  describeTraceback,
  findExceptionLine,
  isPython2Code,
  isStrForBytes,
  looksLikeShadowedSocket,
  python2ErrorText,
  tracebackText,
} from '../python/errors.js';
import { parsePythonAddress, readShimEvents, type ShimEvents } from '../python/events.js';

export { describeTraceback, findExceptionLine, isPython2Code, tracebackText };

export interface Diagnosis {
  readonly message: Text;
  readonly hint?: Text;
  /** The diagnosis is that the program waits for typed input (so nothing needs to add it). */
  readonly inputWait?: true;
}

type Role = 'server' | 'client';

const PY2_HINT = t(
  'Port it to Python 3: print(...) with parentheses, input() instead of raw_input(), socketserver instead of SocketServer, and bytes for socket data (b\'...\' or .encode()).',
  '把它改成 Python 3 代码：print(...) 要加括号，用 input() 代替 raw_input()，用 socketserver 代替 SocketServer，套接字数据用 bytes（b\'...\' 或 .encode()）。',
);
const SHADOW_HINT = t(
  "Rename your socket.py (e.g. to my_socket.py): a file of that name next to your program is what `import socket` loads, instead of Python's socket module.",
  '把你的 socket.py 改个名字（例如 my_socket.py）：程序旁边有这个名字的文件时，`import socket` 加载的是它，而不是 Python 的 socket 模块。',
);
const CONNECT_GIVEN_HINT = t(
  'Connect to the host and port you are given ({host} {port} or $HOST $PORT).',
  '连接到分配给你的主机和端口（{host} {port} 或 $HOST $PORT）。',
);

export function isAddressInUse(stderr: string): boolean {
  return /Address already in use|EADDRINUSE|Errno 98|Errno 48|WinError 10048/.test(stderr);
}

function isAddressNotHere(text: string): boolean {
  return /Cannot assign requested address|EADDRNOTAVAIL|Errno 99|Errno 49|WinError 10049/.test(text);
}

function isRefused(text: string): boolean {
  return /Connection refused|ECONNREFUSED|Errno 111|Errno 61|WinError 10061/.test(text);
}

function eventsOf(program: Program): ShimEvents {
  return readShimEvents(program.options.python?.eventsFile);
}

function hasOwnSocketModule(program: Program): boolean {
  return eventsOf(program).shadowedSocket || (program.isPython && existsSync(join(program.options.cwd, 'socket.py')));
}

function formatAddress(address: Address): string {
  return `${address.host}:${address.port}`;
}

/** Explains why a program ended: exit status plus what it printed on stderr (English; see `endingText`). */
export function describeEnding(program: Program): string {
  return endingText(program).en;
}

/**
 * Why a program ended, completing "the server …", in every language: its exit status plus what
 * it printed on stderr. `t(`the server ${e.en}`, `服务器${e.zh}`)` with `e = endingText(program)`.
 */
export function endingText(program: Program): Text {
  const exit = program.exitInfo;
  if (!exit) return t('is still running', '仍在运行');
  const how = exitText(exit);
  if (exit.spawnError) return how;
  const stderr = program.stderr.text();
  if (isPython2Code(stderr)) {
    const error = python2ErrorText(stderr);
    return t(`${how.en}: this is Python 2 code, which does not run under Python 3 (${error.en})`, `${how.zh}：这是 Python 2 代码，无法在 Python 3 下运行（${error.zh}）`);
  }
  const traceback = tracebackText(stderr);
  if (traceback) return t(`${how.en} with an error: ${traceback.en}`, `${how.zh}，出错信息：${traceback.zh}`);
  const lastLine = stderr.trim().split('\n').pop()?.slice(0, 300);
  if (lastLine) return t(`${how.en}; its last error output was: ${lastLine}`, `${how.zh}；它最后的错误输出是：${lastLine}`);
  const lastOut = program.stdout.text().trim().split('\n').pop()?.slice(0, 200);
  return lastOut
    ? t(`${how.en} without an error; the last thing it printed was: ${lastOut}`, `${how.zh}，没有报错；它最后打印的是：${lastOut}`)
    : t(`${how.en} without an error and without printing anything`, `${how.zh}，没有报错，也没有打印任何内容`);
}

/** The socket call the OS refused, in the learner's own address, when the shim saw it. */
function refusedCall(events: ShimEvents, op: 'bind' | 'connect', test: (error: string) => boolean): string | undefined {
  return events.failures.find((f) => f.op === op && test(f.error))?.address;
}

/** "[Errno 107] Transport endpoint is not connected": recvfrom() on a TCP socket, i.e. SOCK_DGRAM forgotten. */
function isNotConnected(text: string): boolean {
  return /Transport endpoint is not connected|ENOTCONN|Errno 107|Errno 57|WinError 10057/.test(text);
}

/**
 * Explains a program that ended when it should still be running (before listening or connecting).
 * `protocol` words the advice for a UDP program (bind and recvfrom, sendto; no listen or connect).
 */
export function diagnoseEarlyExit(program: Program, role: Role, before: Text, protocol: SocketProtocol = 'tcp'): Diagnosis {
  const exit = program.exitInfo;
  const stderr = program.stderr.text();
  const events = eventsOf(program);
  const assigned = formatAddress(program.options.address);
  const who = ROLE_WORDS[role];
  const ending = endingText(program);
  const ended = t(`the ${who.en} ended ${before.en}: ${ending.en}`, `${who.zh}${before.zh}就结束了：${ending.zh}`);
  if (exit?.spawnError) {
    const hint = /command not found: python\b/.test(exit.spawnError)
      ? t(`Check the command you gave for this role (--${role}). On most systems Python 3 is started with python3.`, `检查你为这个角色给出的命令（--${role}）。在大多数系统上，Python 3 要用 python3 启动。`)
      : t(`Check the command you gave for this role (--${role}).`, `检查你为这个角色给出的命令（--${role}）。`);
    return { message: t(`the ${who.en} ${ending.en}`, `${who.zh}${ending.zh}`), hint };
  }
  if (hasOwnSocketModule(program) && (looksLikeShadowedSocket(stderr) || describeTraceback(stderr) !== undefined)) {
    return {
      message: t(
        `the ${who.en} ${ending.en}. Your folder has a file named socket.py, so \`import socket\` loaded that file instead of Python's socket module`,
        `${who.zh}${ending.zh}。你的文件夹里有一个名为 socket.py 的文件，所以 \`import socket\` 加载的是这个文件，而不是 Python 的 socket 模块`,
      ),
      hint: SHADOW_HINT,
    };
  }
  if (isPython2Code(stderr)) return { message: t(`the ${who.en} ${ending.en}`, `${who.zh}${ending.zh}`), hint: PY2_HINT };
  if (isAddressInUse(stderr)) {
    const address = refusedCall(events, 'bind', isAddressInUse);
    return {
      message: address
        ? t(`the ${who.en} could not bind ${address}: another program is already using that port (${ending.en})`, `${who.zh}无法绑定 ${address}：另一个程序已经在使用这个端口（${ending.zh}）`)
        : t(`the ${who.en} could not bind its port: another program is already using that port (${ending.en})`, `${who.zh}无法绑定它的端口：另一个程序已经在使用这个端口（${ending.zh}）`),
      hint: t(
        'Bind the port you are given ({port} / $PORT) instead of a fixed one, and set SO_REUSEADDR before bind() so a restart can reuse it.',
        '绑定分配给你的端口（{port} / $PORT），不要用固定端口；并在 bind() 之前设置 SO_REUSEADDR，这样重启后可以重新使用它。',
      ),
    };
  }
  if (isAddressNotHere(stderr)) {
    const address = refusedCall(events, 'bind', isAddressNotHere) ?? refusedCall(events, 'connect', isAddressNotHere);
    return {
      message: address
        ? t(`the ${who.en} tried to use ${address}, which is not an address of this machine (${ending.en})`, `${who.zh}试图使用 ${address}，但这不是本机的地址（${ending.zh}）`)
        : t(`the ${who.en} tried to use an address, which is not an address of this machine (${ending.en})`, `${who.zh}试图使用一个不属于本机的地址（${ending.zh}）`),
      hint: t(
        "Bind '' (all interfaces) or the host you are given ({host} / $HOST), not a fixed IP like 192.168.x.x that belongs to another computer.",
        "绑定 ''（所有网络接口）或分配给你的主机（{host} / $HOST），不要绑定 192.168.x.x 这样属于另一台计算机的固定 IP。",
      ),
    };
  }
  if (isRefused(stderr)) {
    const address = refusedCall(events, 'connect', isRefused);
    return {
      message: address
        ? t(`the ${who.en} could not connect to ${address}: nothing is listening there; the server it was given is at ${assigned} (${ending.en})`, `${who.zh}无法连接到 ${address}：那里没有程序在监听；分配给它的服务器在 ${assigned}（${ending.zh}）`)
        : t(`the ${who.en} could not connect: nothing is listening there; the server it was given is at ${assigned} (${ending.en})`, `${who.zh}无法连接：那里没有程序在监听；分配给它的服务器在 ${assigned}（${ending.zh}）`),
      hint: CONNECT_GIVEN_HINT,
    };
  }
  const elsewhere = role === 'client' ? connectsElsewhere(events, program.options.address) : undefined;
  if (elsewhere) {
    return {
      message: t(
        `the ${who.en} ${ending.en} having connected to ${elsewhere} instead of the server it was given at ${assigned}`,
        `${who.zh}连接到了 ${elsewhere}，而不是分配给它的服务器 ${assigned}，然后${ending.zh}`,
      ),
      hint: CONNECT_GIVEN_HINT,
    };
  }
  if (protocol === 'udp' && isNotConnected(stderr)) {
    return {
      message: ended,
      hint: t(
        'socket.socket() with no arguments makes a TCP socket; a UDP program needs socket.socket(socket.AF_INET, socket.SOCK_DGRAM).',
        '不带参数的 socket.socket() 创建的是 TCP 套接字；UDP 程序需要 socket.socket(socket.AF_INET, socket.SOCK_DGRAM)。',
      ),
    };
  }
  const start = protocol === 'udp'
    ? (role === 'server'
      ? t('A UDP server must bind() and then wait in recvfrom() without ending.', 'UDP 服务器必须先 bind()，然后在 recvfrom() 中等待，不能结束。')
      : t('A UDP client needs no connect(): it sends each message with sendto(data, (host, port)).', 'UDP 客户端不需要 connect()：它用 sendto(data, (host, port)) 发送每条消息。'))
    : (role === 'server'
      ? t('A server must bind(), listen() and then wait in accept() without ending.', '服务器必须先 bind()、listen()，然后在 accept() 中等待，不能结束。')
      : t('The client must connect() before anything else can happen.', '客户端必须先 connect()，之后的一切才能发生。'));
  const then = isStrForBytes(stderr)
    ? t(" Socket data is bytes in Python 3: send b'...' or text.encode().", " 在 Python 3 中套接字数据是 bytes：发送 b'...' 或 text.encode()。")
    : t(' Look at the error above.', ' 请看上面的错误信息。');
  const remark = addressSpaceRemark(program);
  return {
    message: ended,
    hint: t(`${start.en}${then.en}${remark?.en ?? ''}`, `${start.zh}${then.zh}${remark?.zh ?? ''}`),
  };
}

/**
 * For a program that crashed at start under an address-space limit without saying why: runtimes
 * that reserve much more than they use (JVM, Go, .NET) may die that way, so say how to rule it out.
 */
function addressSpaceRemark(program: Program): Text | undefined {
  const exit = program.exitInfo;
  const limits = program.options.confinement.kind === 'learner' ? program.options.confinement.limits : undefined;
  if (program.memoryControl !== 'address-space' || !exit || !limits?.memoryBytes || program.isPython) return undefined;
  if (!(exit.signal || (exit.code !== null && exit.code !== 0))) return undefined;
  const size = formatBytes(limits.memoryBytes);
  return t(
    ` It ran under an address-space limit of ${size} per process (this machine cannot limit the memory a program uses by cgroup); if its runtime cannot start under it, grade with ${RAISE_MEMORY_FLAG}.`,
    ` 它运行时每个进程的地址空间被限制为 ${size}（这台机器无法用 cgroup 限制程序使用的内存）；如果它的运行时在这个限制下无法启动，请用 ${RAISE_MEMORY_FLAG} 评分。`,
  );
}

/** The first address the shim saw the program connect to that is not the assigned one. */
function connectsElsewhere(events: ShimEvents, assigned: Address): string | undefined {
  return events.connects.find((text) => {
    const address = parsePythonAddress(text);
    return address !== undefined && !(address.port === assigned.port && isLoopback(address.host));
  });
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '::1' || host.startsWith('::ffff:127.');
}

// ---- What a live program is doing, from /proc (Linux only) ----

interface Connection {
  readonly remote: string;
  readonly state: 'connecting' | 'connected';
}

/** TCP connections of the tree that are being opened (SYN_SENT) or are open, with their peer. */
function listConnections(rootPid: number): Connection[] {
  return listTreeSockets(rootPid, 'tcp').flatMap((row) => {
    const state = row.state === TCP_SYN_SENT ? 'connecting' : row.state === TCP_ESTABLISHED ? 'connected' : undefined;
    return state ? [{ remote: `${row.remoteAddress}:${row.remotePort}`, state } as const] : [];
  });
}

const SYSCALLS: Record<string, Record<string, string>> = {
  x64: { '7': 'poll', '23': 'select', '34': 'pause', '35': 'sleep', '230': 'sleep', '202': 'futex', '43': 'accept', '288': 'accept', '42': 'connect', '45': 'recv', '47': 'recv', '0': 'read', '61': 'wait', '232': 'poll', '281': 'poll', '270': 'poll', '271': 'poll' },
  arm64: { '101': 'sleep', '115': 'sleep', '98': 'futex', '202': 'accept', '242': 'accept', '203': 'connect', '207': 'recv', '212': 'recv', '63': 'read', '260': 'wait', '22': 'poll', '72': 'poll', '73': 'poll' },
};

/** Each completes "it was …" / "它当时正在…". */
const SYSCALL_WORDS: Record<string, Text> = {
  sleep: t('sleeping (time.sleep())', '休眠（time.sleep()）'),
  futex: t('waiting for a thread or a lock (join()?)', '等待一个线程或一把锁（join()？）'),
  accept: t('waiting in accept() on another socket', '等待另一个套接字上的 accept()'),
  connect: t('waiting in connect()', '等待 connect() 完成'),
  recv: t('waiting to receive data (recv())', '等待接收数据（recv()）'),
  read: t('waiting to read a file or pipe', '等待读取文件或管道'),
  wait: t('waiting for a program it started to finish', '等待它启动的程序结束'),
  poll: t('waiting in select()/poll() for something to happen', '等待 select()/poll() 中的事件'),
  pause: t('paused, waiting for a signal', '暂停，等待信号'),
};

/** The innermost process of the tree: the program itself, below any containment wrapper. */
function innermostPid(rootPid: number): number | undefined {
  return listProcessTree(rootPid).pop();
}

function describeBlockingCall(pid: number): Text | undefined {
  const call = readBlockedSyscall(pid);
  if (!call) return undefined;
  if (call.running) return t('busy using the CPU (a loop that never gets further?)', '忙于占用 CPU（一个永远不前进的循环？）');
  const kind = SYSCALLS[process.arch]?.[call.nr ?? ''];
  return kind ? SYSCALL_WORDS[kind] : undefined;
}

interface Activity {
  readonly stdin: boolean;
  readonly connections: readonly Connection[];
  readonly blockedIn?: Text;
}

function inspect(program: Program): Activity | undefined {
  const pid = program.pid;
  if (pid === undefined || !hasProcFs || program.hasExited) return undefined;
  const inner = innermostPid(pid);
  const stdin = isWaitingOnStdin(pid);
  const blockedIn = inner !== undefined ? describeBlockingCall(inner) : undefined;
  return { stdin, connections: listConnections(pid), ...(blockedIn ? { blockedIn } : {}) };
}

/**
 * What a live program is blocked in, in words ("waiting to receive data (recv())"), when /proc
 * shows it; undefined elsewhere or once it has ended. For diagnoses outside this file (UDP clients).
 */
export function describeWaiting(program: Program): Text | undefined {
  return inspect(program)?.blockedIn;
}

function elsewhereConnection(activity: Activity | undefined, assigned: Address): Connection | undefined {
  return activity?.connections.find((c) => c.remote !== formatAddress(assigned) && !(c.remote.endsWith(`:${assigned.port}`) && isLoopback(c.remote.slice(0, c.remote.lastIndexOf(':')))));
}

function redirectHint(redirected: boolean): Text {
  return redirected
    ? t(
      'sockgrade could not redirect this address for you; read the address from the command line ({host} {port}) or $HOST and $PORT.',
      'sockgrade 无法替你重定向这个地址；请从命令行（{host} {port}）或 $HOST 和 $PORT 读取地址。',
    )
    : t(
      'Use the host and port you are given ({host} {port} in the command, or $HOST and $PORT), or leave address redirection on (no --no-redirect).',
      '使用分配给你的主机和端口（命令中的 {host} {port}，或 $HOST 和 $PORT），或者保持地址重定向开启（不要用 --no-redirect）。',
    );
}

/**
 * "waiting for keyboard input at client.py:5 (msg = input('Please input msg:'))" for a live
 * program blocked reading its standard input; undefined when it is not. The file:line comes from
 * the Python program itself (faulthandler, registered by the shim); other programs get no line.
 */
export async function describeInputWait(program: Program): Promise<Text | undefined> {
  const pid = program.pid;
  if (pid === undefined || !hasProcFs || program.hasExited) return undefined;
  const readers = findStdinReaders(pid);
  if (readers.length === 0) return undefined;
  const eventsFile = program.options.python?.eventsFile;
  for (const reader of eventsFile ? [...readers].reverse() : []) {
    const dump = await dumpPythonStacks(reader, stacksFileFor(eventsFile!));
    const wait = dump ? findInputWait(parseStacks(dump), program.options.cwd) : undefined;
    if (wait) {
      const where = `${wait.where}${wait.code ? ` (${wait.code})` : ''}`;
      return t(`waiting for keyboard input at ${where}`, `在 ${where} 等待键盘输入`);
    }
  }
  return program.isPython
    ? t('waiting for keyboard input (input())', '在等待键盘输入（input()）')
    : t('waiting for keyboard input (reading its standard input)', '在等待键盘输入（读取它的标准输入）');
}

const INPUT_HINT = t(
  'Nothing is typed in this check: the program must do its part without asking the user. Take what it needs from the command line ({host} {port}), the environment or constants instead of input().',
  '这项检查中不会输入任何内容：程序必须不询问用户就完成自己的工作。它需要的东西请从命令行（{host} {port}）、环境变量或常量中获取，而不是用 input()。',
);
const WAITING_FOR_INPUT = t('waiting for keyboard input (input())', '在等待键盘输入（input()）');

/**
 * A graded program that waits for typed input although nothing was typed: the reason a check that
 * expected it to act saw nothing. Only for a live program whose standard input is open and empty.
 */
export async function diagnoseInputWait(program: Program, role: Role): Promise<Diagnosis | undefined> {
  if (program.hasBeenTyped || !program.isStdinOpen) return undefined;
  const waiting = await describeInputWait(program);
  if (!waiting) return undefined;
  const who = ROLE_WORDS[role];
  return {
    message: t(`the ${who.en} is ${waiting.en}, but nothing is typed in this check: it should act by itself here`, `${who.zh}正${waiting.zh}，但这项检查中不会输入任何内容：它在这里应当自己行动`),
    hint: INPUT_HINT,
    inputWait: true,
  };
}

/** What a TCP server (listens) and a UDP server (binds) do to be ready, in words. */
const READY_WORDS = {
  tcp: {
    before: t('before it listened', '在监听之前'),
    notReady: (port: number, seconds: number) => t(`the server did not listen on port ${port} within ${seconds} s`, `服务器没有在 ${seconds} s 内监听端口 ${port}`),
    notReadyAs: (seconds: number) => t(`the server did not listen within ${seconds} s`, `服务器没有在 ${seconds} s 内开始监听`),
    inputHint: t(
      'A server must not ask for input before it listens; take settings from the command line or the environment.',
      '服务器在监听之前不能要求输入；请从命令行或环境变量获取设置。',
    ),
    connectHint: t(
      'A server waits for clients: bind(), listen() and accept(); it does not connect() anywhere first.',
      '服务器是等待客户端的：bind()、listen() 然后 accept()；它不会先 connect() 到别处。',
    ),
    startHint: t('Call bind() and listen() right away, with the port you are given.', '立即用分配给你的端口调用 bind() 和 listen()。'),
    wrongPort: (ports: string, port: number) => t(`the server listens on port ${ports}, not on the port it was given (${port})`, `服务器监听的是端口 ${ports}，而不是分配给它的端口（${port}）`),
  },
  udp: {
    before: t('before it bound its UDP port', '在绑定 UDP 端口之前'),
    notReady: (port: number, seconds: number) => t(`the server did not bind UDP port ${port} within ${seconds} s`, `服务器没有在 ${seconds} s 内绑定 UDP 端口 ${port}`),
    notReadyAs: (seconds: number) => t(`the server did not bind its UDP port within ${seconds} s`, `服务器没有在 ${seconds} s 内绑定它的 UDP 端口`),
    inputHint: t(
      'A server must not ask for input before it binds its port; take settings from the command line or the environment.',
      '服务器在绑定端口之前不能要求输入；请从命令行或环境变量获取设置。',
    ),
    connectHint: t(
      'A server waits for clients: bind() and recvfrom(); it does not connect() anywhere first.',
      '服务器是等待客户端的：bind() 然后 recvfrom()；它不会先 connect() 到别处。',
    ),
    startHint: t('Create a SOCK_DGRAM socket and bind() it right away, with the port you are given.', '创建一个 SOCK_DGRAM 套接字，并立即用分配给你的端口 bind() 它。'),
    wrongPort: (ports: string, port: number) => t(`the server is bound to port ${ports}, not to the port it was given (${port})`, `服务器绑定的是端口 ${ports}，而不是分配给它的端口（${port}）`),
  },
} as const;

/** "; meanwhile it was sleeping (time.sleep())" after a message, when /proc shows what the program was doing. */
function meanwhile(message: Text, blockedIn: Text | undefined): Text {
  return blockedIn ? t(`${message.en}; meanwhile it was ${blockedIn.en}`, `${message.zh}；这期间它正在${blockedIn.zh}`) : message;
}

/** Explains a server that is not listening on (for UDP: has not bound) the assigned address. */
export async function diagnoseNotListening(readiness: Exclude<Readiness, { kind: 'listening' }>, program: Program, port: number, timeoutMs: number, redirected: boolean, protocol: SocketProtocol = 'tcp'): Promise<Diagnosis> {
  const words = READY_WORDS[protocol];
  switch (readiness.kind) {
    case 'exited':
      return diagnoseEarlyExit(program, 'server', words.before, protocol);
    case 'wrong-port':
      return {
        message: words.wrongPort(readiness.ports.join(', '), port),
        hint: redirected
          ? t('sockgrade could not redirect this socket; read the port from the command line ({port}) or $PORT.', 'sockgrade 无法替你重定向这个套接字；请从命令行（{port}）或 $PORT 读取端口。')
          : t(
            'Use the port you are given ({port} in the command, or $PORT in the environment) instead of a fixed number, or leave address redirection on (no --no-redirect).',
            '使用分配给你的端口（命令中的 {port}，或环境变量 $PORT），不要用固定的数字；或者保持地址重定向开启（不要用 --no-redirect）。',
          ),
      };
    case 'timeout': {
      const seconds = timeoutMs / 1000;
      const activity = inspect(program);
      const late = words.notReadyAs(seconds);
      if (readiness.waitingOnStdin || activity?.stdin) {
        const waiting = (await describeInputWait(program)) ?? WAITING_FOR_INPUT;
        return { message: t(`${late.en}: it is ${waiting.en} instead`, `${late.zh}：它反而正${waiting.zh}`), hint: words.inputHint, inputWait: true };
      }
      const elsewhere = elsewhereConnection(activity, program.options.address);
      if (elsewhere) {
        const remote = elsewhere.remote;
        return {
          message: elsewhere.state === 'connecting'
            ? t(`${late.en}: it is trying to connect to ${remote} instead`, `${late.zh}：它反而在尝试连接 ${remote}`)
            : t(`${late.en}: it is connected to ${remote} instead`, `${late.zh}：它反而连接到了 ${remote}`),
          hint: words.connectHint,
        };
      }
      return { message: meanwhile(words.notReady(port, seconds), activity?.blockedIn), hint: words.startHint };
    }
  }
}

/** Explains a client that is still running but never connected to `target`. */
export async function diagnoseNoConnection(program: Program, target: Address, timeoutMs: number, redirected: boolean): Promise<Diagnosis> {
  if (program.hasExited) return diagnoseEarlyExit(program, 'client', BEFORE_CONNECTED);
  const seconds = timeoutMs / 1000;
  const activity = inspect(program);
  const given = formatAddress(target);
  if (activity?.stdin) {
    const waiting = (await describeInputWait(program)) ?? WAITING_FOR_INPUT;
    return {
      message: t(`the client did not connect to ${given} within ${seconds} s: it is ${waiting.en} first`, `客户端没有在 ${seconds} s 内连接到 ${given}：它先${waiting.zh}`),
      hint: t('Connect first, then ask the user for input: nothing is typed before the client has connected.', '先连接，再向用户要输入：客户端连接之前不会输入任何内容。'),
      inputWait: true,
    };
  }
  const elsewhere = elsewhereConnection(activity, target);
  if (elsewhere) {
    const remote = elsewhere.remote;
    return {
      message: elsewhere.state === 'connecting'
        ? t(`the client is still trying to connect to ${remote} instead of the server it was given at ${given}`, `客户端仍在尝试连接 ${remote}，而不是分配给它的服务器 ${given}`)
        : t(`the client connected to ${remote} instead of the server it was given at ${given}`, `客户端连接到了 ${remote}，而不是分配给它的服务器 ${given}`),
      hint: redirectHint(redirected),
    };
  }
  const attempted = connectsElsewhere(eventsOf(program), target);
  if (attempted) {
    return {
      message: t(`the client called connect(${attempted}) instead of connecting to the server it was given at ${given}`, `客户端调用了 connect(${attempted})，而没有连接到分配给它的服务器 ${given}`),
      hint: redirectHint(redirected),
    };
  }
  return {
    message: meanwhile(t(`the client did not connect to ${given} within ${seconds} s and never tried to`, `客户端没有在 ${seconds} s 内连接到 ${given}，也从未尝试连接`), activity?.blockedIn),
    hint: t('Call connect() right after creating the socket, with the host and port you are given.', '创建套接字后立即用分配给你的主机和端口调用 connect()。'),
  };
}

/** "before it connected": completes "the client ended …". */
export const BEFORE_CONNECTED = t('before it connected', '在连接之前');

// ---- Crashes while running ----

/** The errors Python raises on a connection whose other side has gone (closed with data unread, reset). */
const PEER_GONE = /BrokenPipeError|ConnectionResetError|ConnectionAbortedError/;

/** Whether a program that ended did so on an error saying its counterpart had already gone. */
export function endedOnPeerGone(program: Program): boolean {
  if (!program.exitInfo) return false;
  const exception = findExceptionLine(program.stderr.text());
  return exception !== undefined && PEER_GONE.test(exception);
}

const CRASH_HINTS: [RegExp, Text][] = [
  [/UnicodeDecodeError/, t(
    'recv() returns bytes, which need not be valid UTF-8 and may end in the middle of a character: work with bytes, or decode only a complete message.',
    'recv() 返回的是 bytes，不一定是合法的 UTF-8，也可能在一个字符的中间断开：请直接处理 bytes，或者只解码完整的消息。',
  )],
  [PEER_GONE, t(
    'The other side went away: catch ConnectionResetError / BrokenPipeError around recv() and send(), close that connection and carry on.',
    '对方已经离开：在 recv() 和 send() 外捕获 ConnectionResetError / BrokenPipeError，关闭那个连接，然后继续运行。',
  )],
  [/MemoryError/, t('The program ran out of memory: do not collect unbounded data in memory.', '程序耗尽了内存：不要在内存中无限制地积累数据。')],
];

/** A hint for a known kind of crash, from its traceback. */
export function hintForCrash(stderr: string): Text | undefined {
  return CRASH_HINTS.find(([pattern]) => pattern.test(stderr))?.[1];
}
