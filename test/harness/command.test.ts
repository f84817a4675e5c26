import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createArgv, isPythonCommand, splitCommand } from '../../harness/process/command.js';
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

describe('formatPythonBytes', () => {
  it("matches Python's own repr() for every byte value and for quotes", () => {
    const cases = [Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from("it's"), Buffer.from(`it's "x"`), Buffer.from('Hello, world')];
    const script = 'import sys\nfor line in sys.stdin.read().split():\n    print(repr(bytes.fromhex(line)))';
    const python = execFileSync('python3', ['-c', script], { input: cases.map((c) => c.toString('hex') || '').join('\n'), encoding: 'utf8' }).trim().split('\n');
    expect(cases.map(formatPythonBytes)).toEqual(python);
  });
});
