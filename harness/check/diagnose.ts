// Turns "the program did not start properly" into words a learner understands: what Python
// said, which address the program really used, and what it was doing instead of its job.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Address } from '../process/command.js';
import { describeExit, type Program } from '../process/program.js';
import { formatBytes, RAISE_MEMORY_FLAG } from '../process/limits.js';
import { findStdinReaders, hasProcFs, isWaitingOnStdin, listProcessTree, listTreeSockets, readBlockedSyscall, TCP_ESTABLISHED, TCP_SYN_SENT, type SocketProtocol } from '../process/proc.js';
import { dumpPythonStacks, findInputWait, parseStacks, stacksFileFor } from '../python/stacks.js';
import type { Readiness } from '../process/readiness.js';
import {
  describePython2Error,
  describeTraceback,
  findExceptionLine,
  isPython2Code,
  isStrForBytes,
  looksLikeShadowedSocket,
} from '../python/errors.js';
import { parsePythonAddress, readShimEvents, type ShimEvents } from '../python/events.js';

export { describeTraceback, findExceptionLine, isPython2Code };

export interface Diagnosis {
  readonly message: string;
  readonly hint?: string;
  /** The diagnosis is that the program waits for typed input (so nothing needs to add it). */
  readonly inputWait?: true;
}

type Role = 'server' | 'client';

const PY2_HINT = 'Port it to Python 3: print(...) with parentheses, input() instead of raw_input(), socketserver instead of SocketServer, and bytes for socket data (b\'...\' or .encode()).';
const SHADOW_HINT = "Rename your socket.py (e.g. to my_socket.py): a file of that name next to your program is what `import socket` loads, instead of Python's socket module.";

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

/** Explains why a program ended: exit status plus what it printed on stderr. */
export function describeEnding(program: Program): string {
  const exit = program.exitInfo;
  if (!exit) return 'is still running';
  if (exit.spawnError) return exit.spawnError;
  const stderr = program.stderr.text();
  if (isPython2Code(stderr)) return `${describeExit(exit)}: this is Python 2 code, which does not run under Python 3 (${describePython2Error(stderr)})`;
  const traceback = describeTraceback(stderr);
  if (traceback) return `${describeExit(exit)} with an error: ${traceback}`;
  const lastLine = stderr.trim().split('\n').pop();
  if (lastLine) return `${describeExit(exit)}; its last error output was: ${lastLine.slice(0, 300)}`;
  const lastOut = program.stdout.text().trim().split('\n').pop();
  return lastOut ? `${describeExit(exit)} without an error; the last thing it printed was: ${lastOut.slice(0, 200)}` : `${describeExit(exit)} without an error and without printing anything`;
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
export function diagnoseEarlyExit(program: Program, role: Role, before: string, protocol: SocketProtocol = 'tcp'): Diagnosis {
  const exit = program.exitInfo;
  const stderr = program.stderr.text();
  const events = eventsOf(program);
  const assigned = formatAddress(program.options.address);
  if (exit?.spawnError) {
    const python2 = /command not found: python\b/.test(exit.spawnError) ? ' On most systems Python 3 is started with python3.' : '';
    return { message: `the ${role} ${exit.spawnError}`, hint: `Check the command you gave for this role (--${role}).${python2}` };
  }
  if (hasOwnSocketModule(program) && (looksLikeShadowedSocket(stderr) || describeTraceback(stderr) !== undefined)) {
    return { message: `the ${role} ${describeEnding(program)}. Your folder has a file named socket.py, so \`import socket\` loaded that file instead of Python's socket module`, hint: SHADOW_HINT };
  }
  if (isPython2Code(stderr)) return { message: `the ${role} ${describeEnding(program)}`, hint: PY2_HINT };
  if (isAddressInUse(stderr)) {
    const address = refusedCall(events, 'bind', isAddressInUse);
    return {
      message: `the ${role} could not bind ${address ?? 'its port'}: another program is already using that port (${describeEnding(program)})`,
      hint: 'Bind the port you are given ({port} / $PORT) instead of a fixed one, and set SO_REUSEADDR before bind() so a restart can reuse it.',
    };
  }
  if (isAddressNotHere(stderr)) {
    const address = refusedCall(events, 'bind', isAddressNotHere) ?? refusedCall(events, 'connect', isAddressNotHere);
    return {
      message: `the ${role} tried to use ${address ?? 'an address'}, which is not an address of this machine (${describeEnding(program)})`,
      hint: "Bind '' (all interfaces) or the host you are given ({host} / $HOST), not a fixed IP like 192.168.x.x that belongs to another computer.",
    };
  }
  if (isRefused(stderr)) {
    const address = refusedCall(events, 'connect', isRefused);
    return {
      message: `the ${role} could not connect${address ? ` to ${address}` : ''}: nothing is listening there; the server it was given is at ${assigned} (${describeEnding(program)})`,
      hint: 'Connect to the host and port you are given ({host} {port} or $HOST $PORT).',
    };
  }
  const elsewhere = role === 'client' ? connectsElsewhere(events, program.options.address) : undefined;
  if (elsewhere) {
    return {
      message: `the ${role} ${describeEnding(program)} having connected to ${elsewhere} instead of the server it was given at ${assigned}`,
      hint: 'Connect to the host and port you are given ({host} {port} or $HOST $PORT).',
    };
  }
  if (protocol === 'udp' && isNotConnected(stderr)) {
    return {
      message: `the ${role} ended ${before}: ${describeEnding(program)}`,
      hint: 'socket.socket() with no arguments makes a TCP socket; a UDP program needs socket.socket(socket.AF_INET, socket.SOCK_DGRAM).',
    };
  }
  const strBytes = isStrForBytes(stderr) ? " Socket data is bytes in Python 3: send b'...' or text.encode()." : '';
  const start = protocol === 'udp'
    ? (role === 'server' ? 'A UDP server must bind() and then wait in recvfrom() without ending.' : 'A UDP client needs no connect(): it sends each message with sendto(data, (host, port)).')
    : (role === 'server' ? 'A server must bind(), listen() and then wait in accept() without ending.' : 'The client must connect() before anything else can happen.');
  return {
    message: `the ${role} ended ${before}: ${describeEnding(program)}`,
    hint: `${start}${strBytes || ' Look at the error above.'}` + addressSpaceRemark(program),
  };
}

/**
 * For a program that crashed at start under an address-space limit without saying why: runtimes
 * that reserve much more than they use (JVM, Go, .NET) may die that way, so say how to rule it out.
 */
function addressSpaceRemark(program: Program): string {
  const exit = program.exitInfo;
  const limits = program.options.confinement.kind === 'learner' ? program.options.confinement.limits : undefined;
  if (program.memoryControl !== 'address-space' || !exit || !limits?.memoryBytes || program.isPython) return '';
  if (!(exit.signal || (exit.code !== null && exit.code !== 0))) return '';
  return ` It ran under an address-space limit of ${formatBytes(limits.memoryBytes)} per process (this machine cannot limit the memory a program uses by cgroup); if its runtime cannot start under it, grade with ${RAISE_MEMORY_FLAG}.`;
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

const SYSCALL_WORDS: Record<string, string> = {
  sleep: 'sleeping (time.sleep())',
  futex: 'waiting for a thread or a lock (join()?)',
  accept: 'waiting in accept() on another socket',
  connect: 'waiting in connect()',
  recv: 'waiting to receive data (recv())',
  read: 'waiting to read a file or pipe',
  wait: 'waiting for a program it started to finish',
  poll: 'waiting in select()/poll() for something to happen',
  pause: 'paused, waiting for a signal',
};

/** The innermost process of the tree: the program itself, below any containment wrapper. */
function innermostPid(rootPid: number): number | undefined {
  return listProcessTree(rootPid).pop();
}

function describeBlockingCall(pid: number): string | undefined {
  const call = readBlockedSyscall(pid);
  if (!call) return undefined;
  if (call.running) return 'busy using the CPU (a loop that never gets further?)';
  const kind = SYSCALLS[process.arch]?.[call.nr ?? ''];
  return kind ? SYSCALL_WORDS[kind] : undefined;
}

interface Activity {
  readonly stdin: boolean;
  readonly connections: readonly Connection[];
  readonly blockedIn?: string;
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
export function describeWaiting(program: Program): string | undefined {
  return inspect(program)?.blockedIn;
}

function elsewhereConnection(activity: Activity | undefined, assigned: Address): Connection | undefined {
  return activity?.connections.find((c) => c.remote !== formatAddress(assigned) && !(c.remote.endsWith(`:${assigned.port}`) && isLoopback(c.remote.slice(0, c.remote.lastIndexOf(':')))));
}

function redirectHint(redirected: boolean): string {
  return redirected
    ? 'sockgrade could not redirect this address for you; read the address from the command line ({host} {port}) or $HOST and $PORT.'
    : 'Use the host and port you are given ({host} {port} in the command, or $HOST and $PORT), or leave address redirection on (no --no-redirect).';
}

/**
 * "waiting for keyboard input at client.py:5 (msg = input('Please input msg:'))" for a live
 * program blocked reading its standard input; undefined when it is not. The file:line comes from
 * the Python program itself (faulthandler, registered by the shim); other programs get no line.
 */
export async function describeInputWait(program: Program): Promise<string | undefined> {
  const pid = program.pid;
  if (pid === undefined || !hasProcFs || program.hasExited) return undefined;
  const readers = findStdinReaders(pid);
  if (readers.length === 0) return undefined;
  const eventsFile = program.options.python?.eventsFile;
  for (const reader of eventsFile ? [...readers].reverse() : []) {
    const dump = await dumpPythonStacks(reader, stacksFileFor(eventsFile!));
    const wait = dump ? findInputWait(parseStacks(dump), program.options.cwd) : undefined;
    if (wait) return `waiting for keyboard input at ${wait.where}${wait.code ? ` (${wait.code})` : ''}`;
  }
  return `waiting for keyboard input (${program.isPython ? 'input()' : 'reading its standard input'})`;
}

const INPUT_HINT = 'Nothing is typed in this check: the program must do its part without asking the user. Take what it needs from the command line ({host} {port}), the environment or constants instead of input().';

/**
 * A graded program that waits for typed input although nothing was typed: the reason a check that
 * expected it to act saw nothing. Only for a live program whose standard input is open and empty.
 */
export async function diagnoseInputWait(program: Program, role: Role): Promise<Diagnosis | undefined> {
  if (program.hasBeenTyped || !program.isStdinOpen) return undefined;
  const waiting = await describeInputWait(program);
  return waiting ? { message: `the ${role} is ${waiting}, but nothing is typed in this check: it should act by itself here`, hint: INPUT_HINT, inputWait: true } : undefined;
}

/** The words for "is ready" of a TCP server (listens) and of a UDP server (is bound). */
const READY_WORDS = {
  tcp: { did: 'listen', waits: 'bind(), listen() and accept()', before: 'listens' },
  udp: { did: 'bind its UDP port', waits: 'bind() and recvfrom()', before: 'binds its port' },
} as const;

/** Explains a server that is not listening on (for UDP: has not bound) the assigned address. */
export async function diagnoseNotListening(readiness: Exclude<Readiness, { kind: 'listening' }>, program: Program, port: number, timeoutMs: number, redirected: boolean, protocol: SocketProtocol = 'tcp'): Promise<Diagnosis> {
  const udp = protocol === 'udp';
  const words = READY_WORDS[protocol];
  switch (readiness.kind) {
    case 'exited':
      return diagnoseEarlyExit(program, 'server', udp ? 'before it bound its UDP port' : 'before it listened', protocol);
    case 'wrong-port':
      return {
        message: `the server ${udp ? 'is bound to' : 'listens on'} port ${readiness.ports.join(', ')}, not ${udp ? 'to' : 'on'} the port it was given (${port})`,
        hint: redirected ? 'sockgrade could not redirect this socket; read the port from the command line ({port}) or $PORT.' : 'Use the port you are given ({port} in the command, or $PORT in the environment) instead of a fixed number, or leave address redirection on (no --no-redirect).',
      };
    case 'timeout': {
      const seconds = timeoutMs / 1000;
      const activity = inspect(program);
      if (readiness.waitingOnStdin || activity?.stdin) {
        const waiting = (await describeInputWait(program)) ?? 'waiting for keyboard input (input())';
        return { message: `the server did not ${words.did} within ${seconds} s: it is ${waiting} instead`, hint: `A server must not ask for input before it ${words.before}; take settings from the command line or the environment.`, inputWait: true };
      }
      const elsewhere = elsewhereConnection(activity, program.options.address);
      if (elsewhere) {
        return {
          message: `the server did not ${words.did} within ${seconds} s: it is ${elsewhere.state === 'connecting' ? 'trying to connect to' : 'connected to'} ${elsewhere.remote} instead`,
          hint: `A server waits for clients: ${words.waits}; it does not connect() anywhere first.`,
        };
      }
      const doing = activity?.blockedIn ? `; meanwhile it was ${activity.blockedIn}` : '';
      if (udp) return { message: `the server did not bind UDP port ${port} within ${seconds} s${doing}`, hint: 'Create a SOCK_DGRAM socket and bind() it right away, with the port you are given.' };
      return { message: `the server did not listen on port ${port} within ${seconds} s${doing}`, hint: 'Call bind() and listen() right away, with the port you are given.' };
    }
  }
}

/** Explains a client that is still running but never connected to `target`. */
export async function diagnoseNoConnection(program: Program, target: Address, timeoutMs: number, redirected: boolean): Promise<Diagnosis> {
  if (program.hasExited) return diagnoseEarlyExit(program, 'client', 'before it connected');
  const seconds = timeoutMs / 1000;
  const activity = inspect(program);
  if (activity?.stdin) {
    const waiting = (await describeInputWait(program)) ?? 'waiting for keyboard input (input())';
    return { message: `the client did not connect to ${formatAddress(target)} within ${seconds} s: it is ${waiting} first`, hint: 'Connect first, then ask the user for input: nothing is typed before the client has connected.', inputWait: true };
  }
  const elsewhere = elsewhereConnection(activity, target);
  if (elsewhere) {
    const verb = elsewhere.state === 'connecting' ? 'is still trying to connect to' : 'connected to';
    return { message: `the client ${verb} ${elsewhere.remote} instead of the server it was given at ${formatAddress(target)}`, hint: redirectHint(redirected) };
  }
  const attempted = connectsElsewhere(eventsOf(program), target);
  if (attempted) return { message: `the client called connect(${attempted}) instead of connecting to the server it was given at ${formatAddress(target)}`, hint: redirectHint(redirected) };
  const doing = activity?.blockedIn ? `; meanwhile it was ${activity.blockedIn}` : '';
  return { message: `the client did not connect to ${formatAddress(target)} within ${seconds} s and never tried to${doing}`, hint: 'Call connect() right after creating the socket, with the host and port you are given.' };
}

// ---- Crashes while running ----

const CRASH_HINTS: [RegExp, string][] = [
  [/UnicodeDecodeError/, 'recv() returns bytes, which need not be valid UTF-8 and may end in the middle of a character: work with bytes, or decode only a complete message.'],
  [/BrokenPipeError|ConnectionResetError|ConnectionAbortedError/, 'The other side went away: catch ConnectionResetError / BrokenPipeError around recv() and send(), close that connection and carry on.'],
  [/MemoryError/, 'The program ran out of memory: do not collect unbounded data in memory.'],
];

/** A hint for a known kind of crash, from its traceback. */
export function hintForCrash(stderr: string): string | undefined {
  return CRASH_HINTS.find(([pattern]) => pattern.test(stderr))?.[1];
}
