// Reads a Python interpreter's error output the way a teacher would: which exception, where in
// the learner's own files, and whether the code is really Python 2.
import { t, type Text } from '../i18n/text.js';

/** Lines of Python 3's complaints that only Python 2 code causes. */
const PY2_SIGNS: readonly RegExp[] = [
  /Missing parentheses in call to '(print|exec)'/,
  /name '(raw_input|unicode|xrange|unichr|execfile|reload|long|basestring)' is not defined/,
  /No module named '(SocketServer|commands|thread|Queue|urllib2|ConfigParser|cPickle|StringIO|httplib|BaseHTTPServer|SimpleHTTPServer)'/,
  /multiple exception types must be parenthesized/,
  /^\s*except\s+[\w.]+\s*,\s*\w+\s*:/m,
  /^\s*print\s+(["'\w]|>>)[^(\n]*\n(\s*\^+\s*\n)?SyntaxError/m,
  /^\s*raise\s+\w+\s*,/m,
];

interface Frame {
  readonly file: string;
  readonly line: number;
  /** The source line Python printed under the frame, if any. */
  readonly code?: string;
}

export function isLearnerFile(path: string): boolean {
  return !/[\\/](lib|Lib)[\\/]python|<frozen|<string>|sitecustomize\.py$|[\\/]site-packages[\\/]/.test(path);
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function findFrames(stderr: string): Frame[] {
  const lines = stderr.split('\n');
  const frames: Frame[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*File "([^"]+)", line (\d+)/.exec(lines[i]!);
    if (!m) continue;
    const next = lines[i + 1];
    const code = next !== undefined && /^\s{4,}\S/.test(next) && !/^\s*File "/.test(next) ? next.trim() : undefined;
    frames.push({ file: m[1]!, line: Number(m[2]), ...(code ? { code } : {}) });
  }
  return frames;
}

/** The innermost frame in the learner's own files. */
function findLearnerFrame(stderr: string): Frame | undefined {
  return findFrames(stderr).filter((f) => isLearnerFile(f.file)).pop();
}

/** "server.py:12", for the innermost frame in the learner's files. */
export function findLearnerLocation(stderr: string): string | undefined {
  const frame = findLearnerFrame(stderr);
  return frame ? `${baseName(frame.file)}:${frame.line}` : undefined;
}

/** The exception line of a Python traceback ("ConnectionResetError: [Errno 104] ..."). */
export function findExceptionLine(stderr: string): string | undefined {
  const lines = stderr.trimEnd().split('\n').map((l) => l.trimEnd());
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (/^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Warning)\b(:.*)?$/.test(line) || (/^[\w.]+: /.test(line) && /Error|Exception/.test(line))) return line;
  }
  return undefined;
}

export function hasTraceback(stderr: string): boolean {
  return stderr.includes('Traceback (most recent call last)') || /^\s*File ".*", line \d+/m.test(stderr);
}

/** "OSError: ... (at server.py:12)", if stderr holds a traceback. */
export function describeTraceback(stderr: string): string | undefined {
  return tracebackText(stderr)?.en;
}

/** `describeTraceback` in every language: Python's exception line as it is, the place in words. */
export function tracebackText(stderr: string): Text | undefined {
  if (!hasTraceback(stderr)) return undefined;
  const exception = findExceptionLine(stderr) ?? stderr.trim().split('\n').pop() ?? '';
  const where = findLearnerLocation(stderr);
  return where ? t(`${exception} (at ${where})`, `${exception}（位于 ${where}）`) : t(exception, exception);
}

export function isPython2Code(stderr: string): boolean {
  return PY2_SIGNS.some((re) => re.test(stderr));
}

/**
 * What Python 3 said about Python 2 code, in its own words, with the learner's line:
 * "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)? at server.py:9: print 'hello'".
 */
export function describePython2Error(stderr: string): string {
  return python2ErrorText(stderr).en;
}

/** `describePython2Error` in every language. */
export function python2ErrorText(stderr: string): Text {
  const exception = findExceptionLine(stderr) ?? 'SyntaxError';
  const frame = findLearnerFrame(stderr);
  if (!frame) return t(exception, exception);
  const where = `${baseName(frame.file)}:${frame.line}${frame.code ? `: ${frame.code}` : ''}`;
  return t(`${exception} at ${where}`, `${exception}，位于 ${where}`);
}

/** Python 3 socket calls take bytes; Python 2 code (and new learners) pass str. */
export function isStrForBytes(stderr: string): boolean {
  return /a bytes-like object is required, not 'str'/.test(stderr);
}

/** A learner's socket.py loaded instead of Python's: the errors it typically causes. */
export function looksLikeShadowedSocket(stderr: string): boolean {
  return /module 'socket' has no attribute|partially initialized module 'socket'|cannot import name '\w+' from (partially initialized module )?'socket'/.test(stderr);
}
