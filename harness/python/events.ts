// Reads what the Python shim (sitecustomize.py) wrote about one program: its redirections, the
// addresses it tried to connect to and the socket calls the OS refused. Diagnostics use it to name
// the exact address a learner wrote.
import { readFileSync } from 'node:fs';

export interface ShimFailure {
  readonly op: string;
  /** As Python printed it, e.g. ('192.168.247.1', 12345). */
  readonly address: string;
  readonly error: string;
}

export interface ShimEvents {
  /** "bind ('127.0.0.1', 65432) -> ('127.0.0.1', 40001)" lines, for the report. */
  readonly redirections: readonly string[];
  /** Addresses passed to connect(), after any redirection, first first. */
  readonly connects: readonly string[];
  readonly failures: readonly ShimFailure[];
  /** The program's folder holds a socket.py, which `import socket` loads instead of Python's. */
  readonly shadowedSocket: boolean;
}

const EMPTY: ShimEvents = { redirections: [], connects: [], failures: [], shadowedSocket: false };

/** Event lines that are not redirections start with this mark. */
export const DIAGNOSTIC_MARK = '!';

export function isRedirectionLine(line: string): boolean {
  return line !== '' && !line.startsWith(DIAGNOSTIC_MARK);
}

export function parseShimEvents(text: string): ShimEvents {
  const redirections: string[] = [];
  const connects: string[] = [];
  const failures: ShimFailure[] = [];
  let shadowedSocket = false;
  for (const line of text.split('\n')) {
    if (isRedirectionLine(line)) {
      redirections.push(line);
      continue;
    }
    const connect = /^! connect (.*)$/.exec(line);
    if (connect) connects.push(connect[1]!);
    const failure = /^! failed (\w+) (\(.*?\)|'.*?'|\S+): (.*)$/.exec(line);
    if (failure) failures.push({ op: failure[1]!, address: failure[2]!, error: failure[3]! });
    if (line === '! shadowed socket.py') shadowedSocket = true;
  }
  return { redirections, connects, failures, shadowedSocket };
}

/** The events of one run; empty when the program was not Python or the shim wrote nothing. */
export function readShimEvents(eventsFile: string | undefined): ShimEvents {
  if (!eventsFile) return EMPTY;
  try {
    return parseShimEvents(readFileSync(eventsFile, 'utf8'));
  } catch {
    return EMPTY;
  }
}

/** "('127.0.0.1', 8888)" or "('::1', 8888, 0, 0)" → host and port, when the text is such a tuple. */
export function parsePythonAddress(text: string): { host: string; port: number } | undefined {
  const m = /^\(\s*'([^']*)',\s*(\d+)/.exec(text);
  return m ? { host: m[1]!, port: Number(m[2]) } : undefined;
}
