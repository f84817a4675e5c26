// Turns a command template such as `python3 server.py --port {port}` into argv.
import { execFile, execFileSync } from 'node:child_process';
import { basename } from 'node:path';

import type { Address } from '../address.js';

export type { Address } from '../address.js';

/** Thrown for a command the harness cannot even try to run; shown to the user as-is. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/**
 * Splits a command line into words the way a POSIX shell would for simple commands: whitespace
 * separates, '…' and "…" group (backslash escapes inside "…" and outside quotes), no expansion.
 */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < command.length && '"\\$`'.includes(command[i + 1]!)) word += command[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new CommandError(`the command ${JSON.stringify(command)} has an unclosed ${quote} quote`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new CommandError('the command is empty');
  return words;
}

/** Splits a command (quotes allowed) and fills `{host}` and `{port}` in every word. */
export function createArgv(template: string, address: Address): string[] {
  if (template.trim() === '') throw new CommandError('the command is empty');
  return splitCommand(template).map((w) => w.replaceAll('{host}', address.host).replaceAll('{port}', String(address.port)));
}

const PYTHON_NAME = /^python(3(\.\d+)?)?(\.exe)?$/i;

/** Whether argv starts a Python interpreter (then the Python shim and settings apply). */
export function isPythonCommand(argv: readonly string[]): boolean {
  return argv.length > 0 && PYTHON_NAME.test(basename(argv[0]!));
}

const resolved = new Map<string, string>();
const ASK_EXECUTABLE = ['-c', 'import sys; print(sys.executable)'];

/**
 * Version managers (pyenv, asdf) install `python3` as a shell script that costs ~100 ms per start.
 * Ask the interpreter once where it really lives and start that instead.
 */
export function resolveInterpreter(argv: readonly string[]): string[] {
  if (!isPythonCommand(argv)) return [...argv];
  const name = argv[0]!;
  let real = resolved.get(name);
  if (real === undefined) {
    try {
      real = execFileSync(name, ASK_EXECUTABLE, { encoding: 'utf8', timeout: 10_000 }).trim();
    } catch {
      real = name; // let the real spawn report the problem
    }
    resolved.set(name, real || name);
  }
  return [real || name, ...argv.slice(1)];
}


/**
 * Resolves the interpreters of these command templates in the background (without blocking the
 * event loop), so that `resolveInterpreter` later finds them cached. Never fails.
 */
export async function prepareInterpreters(templates: readonly string[]): Promise<void> {
  const names = new Set<string>();
  for (const template of templates) {
    try {
      const argv = splitCommand(template);
      if (isPythonCommand(argv) && !resolved.has(argv[0]!)) names.add(argv[0]!);
    } catch {
      // reported when the program is started
    }
  }
  await Promise.all(
    [...names].map(
      (name) =>
        new Promise<void>((done) => {
          execFile(name, ASK_EXECUTABLE, { encoding: 'utf8', timeout: 10_000 }, (error, stdout) => {
            if (!resolved.has(name)) resolved.set(name, (!error && stdout.trim()) || name);
            done();
          });
        }),
    ),
  );
}
