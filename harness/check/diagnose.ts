// Turns "the program did not start properly" into words a learner understands.
import { describeExit, type Program } from '../process/program.js';
import type { Readiness } from '../process/readiness.js';

export interface Diagnosis {
  readonly message: string;
  readonly hint?: string;
}

const PY2_SIGNS = [/Missing parentheses in call to '(print|exec)'/, /name 'raw_input' is not defined/, /invalid syntax.*print /s, /except \w+, \w+:/];

/** The last `File "...", line N` that points into the learner's files (not the standard library). */
function findLearnerFrame(stderr: string): string | undefined {
  const frames = [...stderr.matchAll(/File "([^"]+)", line (\d+)/g)].filter((m) => !/[\\/](lib|Lib)[\\/]python|<frozen|sitecustomize\.py/.test(m[1]!));
  const last = frames[frames.length - 1];
  if (!last) return undefined;
  const file = last[1]!.split(/[\\/]/).pop();
  return `${file}:${last[2]}`;
}

/** The exception line of a Python traceback ("ConnectionResetError: [Errno 104] ..."). */
export function findExceptionLine(stderr: string): string | undefined {
  const lines = stderr.trimEnd().split('\n').map((l) => l.trimEnd());
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (/^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Warning)\b(:.*)?$/.test(line) || /^[\w.]+: /.test(line) && /Error|Exception/.test(line)) return line;
  }
  return undefined;
}

/** Describes a traceback on stderr, if there is one: "OSError: ... (at server.py:12)". */
export function describeTraceback(stderr: string): string | undefined {
  if (!stderr.includes('Traceback (most recent call last)') && !/^\s*File ".*", line \d+/m.test(stderr)) return undefined;
  const exception = findExceptionLine(stderr) ?? stderr.trim().split('\n').pop();
  const frame = findLearnerFrame(stderr);
  return frame ? `${exception} (at ${frame})` : exception;
}

export function isPython2Code(stderr: string): boolean {
  return PY2_SIGNS.some((re) => re.test(stderr));
}

export function isAddressInUse(stderr: string): boolean {
  return /Address already in use|EADDRINUSE|Errno 98|Errno 48|WinError 10048/.test(stderr);
}

/** Explains why a program ended: exit status plus what it printed on stderr. */
export function describeEnding(program: Program): string {
  const exit = program.exitInfo;
  if (!exit) return 'is still running';
  if (exit.spawnError) return exit.spawnError;
  const stderr = program.stderr.text();
  if (isPython2Code(stderr)) {
    const line = findExceptionLine(stderr) ?? 'SyntaxError';
    return `${describeExit(exit)}: this looks like Python 2 code, which does not run under Python 3 (${line}${findLearnerFrame(stderr) ? ` at ${findLearnerFrame(stderr)}` : ''})`;
  }
  const traceback = describeTraceback(stderr);
  if (traceback) return `${describeExit(exit)} with an error: ${traceback}`;
  const lastLine = stderr.trim().split('\n').pop();
  return lastLine ? `${describeExit(exit)}; its last error output was: ${lastLine.slice(0, 300)}` : describeExit(exit);
}

/** Explains a program that ended when it should still be running (before listening or connecting). */
export function diagnoseEarlyExit(program: Program, role: 'server' | 'client', before: string): Diagnosis {
  const exit = program.exitInfo;
  const stderr = program.stderr.text();
  if (exit?.spawnError) return { message: `the ${role} ${exit.spawnError}`, hint: `Check the command you gave for this role (--${role}).` };
  if (isPython2Code(stderr)) return { message: `the ${role} ${describeEnding(program)}`, hint: 'Port it to Python 3: print(...) with parentheses, input() instead of raw_input(), bytes for socket data.' };
  if (isAddressInUse(stderr)) return { message: `the ${role} could not bind its port: ${describeEnding(program)}`, hint: 'Another program holds that port. Bind the port you are given ({port} / $PORT), and set SO_REUSEADDR before bind() so a restart can reuse it.' };
  if (/Cannot assign requested address|Errno 99|Errno 49/.test(stderr)) return { message: `the ${role} tried to use an address that is not on this machine: ${describeEnding(program)}`, hint: "Use '' (all interfaces) or the host you are given ({host} / $HOST), not a fixed IP like 192.168.x.x." };
  if (/Connection refused|Errno 111|Errno 61|WinError 10061/.test(stderr)) return { message: `the ${role} could not connect: ${describeEnding(program)}`, hint: 'Connect to the host and port you are given ({host} {port} or $HOST $PORT).' };
  return { message: `the ${role} ended ${before}: ${describeEnding(program)}`, hint: role === 'server' ? 'A server must bind(), listen() and then wait in accept(); look at the error above.' : 'Look at the error above: the client must connect() before anything else can happen.' };
}

/** Explains a server that is not listening on the assigned address. */
export function diagnoseNotListening(readiness: Exclude<Readiness, { kind: 'listening' }>, program: Program, port: number, timeoutMs: number, redirected: boolean): Diagnosis {
  switch (readiness.kind) {
    case 'exited':
      return diagnoseEarlyExit(program, 'server', 'before it listened');
    case 'wrong-port':
      return {
        message: `the server listens on port ${readiness.ports.join(', ')}, not on the assigned port ${port}`,
        hint: redirected ? 'The harness could not redirect this socket; read the port from $PORT or the command line.' : 'Use the port you are given ({port} in the command, or $PORT in the environment) instead of a fixed number.',
      };
    case 'timeout':
      return readiness.waitingOnStdin
        ? { message: `the server did not listen within ${timeoutMs / 1000} s: it is waiting for keyboard input (input()) instead`, hint: 'A server must not ask for input before it listens; take settings from the command line or environment.' }
        : { message: `the server did not listen on port ${port} within ${timeoutMs / 1000} s`, hint: 'Make sure the program calls bind() and listen() right away, with the port you are given.' };
  }
}
