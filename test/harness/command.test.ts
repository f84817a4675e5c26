import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createArgv, isPythonCommand, needsShell, planCommand, pythonsOf, splitCommand } from '../../harness/process/command.js';
import { formatPythonBytes } from '../../harness/util/bytes.js';

describe('splitCommand', () => {
  it.each([
    ['python3 server.py', ['python3', 'server.py']],
    ['  python3   -u  s.py  ', ['python3', '-u', 's.py']],
    [`python3 'my server.py' "a b" c\\ d`, ['python3', 'my server.py', 'a b', 'c d']],
    [`echo "say \\"hi\\"" ''`, ['echo', 'say "hi"', '']],
  ])('%s', (command, words) => {
    expect(splitCommand(command)).toEqual(words);
  });

  it('rejects an unclosed quote and an empty command with a clear message', () => {
    expect(() => splitCommand(`python3 'oops`)).toThrow(/unclosed ' quote/);
    expect(() => splitCommand('   ')).toThrow(/empty/);
  });
});

describe('createArgv', () => {
  it('fills {host} and {port} in every word', () => {
    expect(createArgv('python3 s.py --addr {host}:{port} {port}', { host: '127.0.0.1', port: 4242 })).toEqual(['python3', 's.py', '--addr', '127.0.0.1:4242', '4242']);
  });

  it('recognises Python interpreters only', () => {
    expect(isPythonCommand(['python3', 'x.py'])).toBe(true);
    expect(isPythonCommand(['/usr/bin/python3.11', 'x.py'])).toBe(true);
    expect(isPythonCommand(['python', 'x.py'])).toBe(true);
    expect(isPythonCommand(['node', 'x.js'])).toBe(false);
    expect(isPythonCommand(['./python-server'])).toBe(false);
  });
});

describe('commands with shell syntax', () => {
  const at = { host: '127.0.0.1', port: 4242 };

  it.each([
    'python3 server.py',
    "python3 'my server.py' {port}",
    'java -cp build Server {port}',
    './srv {port}',
    'node server.js --port={port}',
  ])('%s runs without a shell', (command) => {
    expect(needsShell(command)).toBe(false);
    expect(planCommand(command, at).shell).toBe(false);
  });

  it.each([
    'make && ./server {port}',
    'cd src && python3 server.py',
    'PORT={port} node server.js',
    'node server.js > log.txt 2>&1',
    'python3 server.py | tee log',
    'node server.js $PORT',
    'python3 "$HOME/server.py"',
    'cc -o srv *.c; ./srv',
    'false || ./srv {port}',
    'exec ./srv',
  ])('%s runs in sh', (command) => {
    expect(needsShell(command)).toBe(true);
    const plan = planCommand(command, at);
    expect(plan.shell).toBe(true);
    expect(plan.argv.slice(0, 2)).toEqual(['/bin/sh', '-c']);
  });

  it('names the Python interpreters a script starts, wherever they stand', () => {
    expect(pythonsOf('cd src && python3 server.py')).toEqual(['python3']);
    expect(pythonsOf('PORT={port} exec python3 -u s.py')).toEqual(['python3']);
    expect(pythonsOf('env -i A=1 python3.11 x.py | tee log')).toEqual(['python3.11']);
    expect(pythonsOf('make && ./server {port}')).toEqual([]);
    expect(pythonsOf('python3 server.py')).toEqual(['python3']);
    expect(planCommand('cat < python3 && ./srv 2> python', at).commands).toEqual(['cat', './srv']);
  });

  it('quotes {host} and {port} for where they stand: outside quotes, in single and in double quotes', () => {
    expect(planCommand(`echo '{port}' "{host}" {port} && true`, at).argv[2]).toBe(`echo '4242' "127.0.0.1" 4242 && true`);
    // A value that needs quoting comes out as one word, unchanged, in every position.
    const host = `a'b "c" $d \\e`;
    const script = planCommand(`printf '%s\\n' {host} "{host}" '{host}' x{host}y && true`, { host, port: 1 }).argv[2]!;
    const lines = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' }).split('\n');
    expect(lines.slice(0, 4)).toEqual([host, host, host, `x${host}y`]);
  });
});

describe('formatPythonBytes', () => {
  it("matches Python's own repr() for every byte value and for quotes", () => {
    const cases = [Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from("it's"), Buffer.from(`it's "x"`), Buffer.from('Hello, world')];
    const script = 'import sys\nfor line in sys.stdin.read().split():\n    print(repr(bytes.fromhex(line)))';
    const python = execFileSync('python3', ['-c', script], { input: cases.map((c) => c.toString('hex') || '').join('\n'), encoding: 'utf8' }).trim().split('\n');
    expect(cases.map(formatPythonBytes)).toEqual(python);
  });
});
