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

// ---- Commands with shell syntax ----
//
// `make && ./server {port}`, `cd src && python3 server.py`, `PORT={port} node server.js`: an
// instructor writes what they would type. Such a command runs as `/bin/sh -c SCRIPT`; a simple
// command (words only) still runs without a shell, so its argv[0] is the program itself.

type QuoteState = 'none' | "'" | '"';

interface Token {
  readonly kind: 'word' | 'operator';
  /** The word without its quotes (for words), or the operator. */
  readonly text: string;
  /** Whether the shell would expand something in it ($, `, a glob, a leading ~ or #, unquoted). */
  readonly expands: boolean;
}

const OPERATORS = ['&&', '||', ';;', '>>', '<<', '>&', '<&', '>|', '<>', '|', '&', ';', '(', ')', '<', '>', '\n'];
const REDIRECTIONS = new Set(['>>', '<<', '>&', '<&', '>|', '<>', '<', '>']);
/** First words that only mean something to a shell. */
const SHELL_WORDS = new Set(['cd', 'export', 'set', 'unset', 'source', '.', 'exec', 'eval', 'ulimit', 'umask', 'trap', 'alias', 'exit', 'if', 'for', 'while', 'until', 'case', '!', '{', 'function', 'read', 'wait']);
/** Words that run the next word as the command: `exec python3 s.py`, `env X=1 python3 s.py`. */
const PREFIX_WORDS = new Set(['exec', 'env', 'nohup', 'time', 'command', 'nice', 'then', 'do', 'else', 'elif', '!', '{']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Splits a command line into shell words and operators (no expansion); throws on an unclosed quote. */
function tokenize(command: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  let expands = false;
  let quote: QuoteState = 'none';
  const endWord = () => {
    if (inWord) tokens.push({ kind: 'word', text: word, expands });
    word = '';
    inWord = false;
    expands = false;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote === "'") {
      if (c === "'") quote = 'none';
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = 'none';
      else if (c === '\\' && i + 1 < command.length && '"\\$`'.includes(command[i + 1]!)) word += command[++i];
      else {
        if (c === '$' || c === '`') expands = true;
        word += c;
      }
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else {
      const operator = OPERATORS.find((op) => command.startsWith(op, i));
      if (operator) {
        // `2>&1`, `2>file`: the digits before a redirection are its file descriptor, not a word.
        if (REDIRECTIONS.has(operator) && /^\d+$/.test(word) && inWord) {
          word = '';
          inWord = false;
        }
        endWord();
        tokens.push({ kind: 'operator', text: operator, expands: false });
        i += operator.length - 1;
        continue;
      }
      if (c === '$' || c === '`' || c === '*' || c === '?' || c === '[' || ((c === '~' || c === '#') && !inWord)) expands = true;
      word += c;
      inWord = true;
    }
  }
  if (quote !== 'none') throw new CommandError(`the command ${JSON.stringify(command)} has an unclosed ${quote} quote`);
  endWord();
  return tokens;
}

/** Whether a command needs a shell to mean what it says: operators, redirections, expansions, `VAR=value cmd`, `cd`. */
export function needsShell(command: string): boolean {
  const tokens = tokenize(command);
  const first = tokens[0];
  if (first === undefined) return false;
  if (tokens.some((t) => t.kind === 'operator' || t.expands)) return true;
  return first.kind === 'word' && (ASSIGNMENT.test(first.text) || SHELL_WORDS.has(first.text));
}

/** The words each simple command of a script starts (`cd src && python3 s.py` → cd, python3). */
function commandWords(tokens: readonly Token[]): string[] {
  const words: string[] = [];
  let atStart = true;
  let afterRedirection = false;
  let afterEnv = false;
  for (const token of tokens) {
    if (token.kind === 'operator') {
      afterRedirection = REDIRECTIONS.has(token.text);
      if (!afterRedirection) {
        atStart = true;
        afterEnv = false;
      }
      continue;
    }
    if (afterRedirection) {
      afterRedirection = false;
      continue;
    }
    if (!atStart) continue;
    if (ASSIGNMENT.test(token.text) || (afterEnv && token.text.startsWith('-'))) continue;
    if (PREFIX_WORDS.has(token.text)) {
      afterEnv = token.text === 'env';
      continue;
    }
    words.push(token.text);
    atStart = false;
  }
  return words;
}

/** Quotes a value for the place in a shell script where `{port}` stood (outside quotes, in '…' or in "…"). */
function quoteForShell(value: string, state: QuoteState): string {
  if (state === "'") return value.replaceAll("'", `'\\''`);
  if (state === '"') return value.replace(/["\\$`]/g, '\\$&');
  return /^[A-Za-z0-9_.,:/@%+=-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Fills `{host}` and `{port}` in a shell script, each quoted for where it stands. */
function substituteInScript(script: string, address: Address): string {
  const values: Record<string, string> = { '{host}': address.host, '{port}': String(address.port) };
  let out = '';
  let quote: QuoteState = 'none';
  for (let i = 0; i < script.length; i++) {
    const placeholder = Object.keys(values).find((p) => script.startsWith(p, i));
    if (placeholder) {
      out += quoteForShell(values[placeholder]!, quote);
      i += placeholder.length - 1;
      continue;
    }
    const c = script[i]!;
    out += c;
    if (quote === 'none' && c === '\\' && i + 1 < script.length) out += script[++i];
    else if (quote === '"' && c === '\\' && i + 1 < script.length) out += script[++i];
    else if (quote === 'none' && (c === "'" || c === '"')) quote = c;
    else if (quote !== 'none' && c === quote) quote = 'none';
  }
  return out;
}

/** How a command template is started. */
export interface CommandPlan {
  /** What is executed: the program's own words, or the shell with the script. */
  readonly argv: string[];
  /** The command as it runs, placeholders filled: for transcripts. */
  readonly display: string;
  /** Whether it runs through /bin/sh (it uses shell syntax). */
  readonly shell: boolean;
  /** The Python interpreters it starts, by the name typed (`python3`): the shim applies to them. */
  readonly pythons: readonly string[];
  /** The programs it starts, as typed (`cd`, `python3`, `./server`): the first word of each simple command. */
  readonly commands: readonly string[];
}

/** The shell that runs commands with shell syntax. */
function shellArgv(script: string): string[] {
  return process.platform === 'win32' ? [process.env.ComSpec ?? 'cmd.exe', '/d', '/s', '/c', script] : ['/bin/sh', '-c', script];
}

/** The Python interpreters a command template starts, without filling it in. */
export function pythonsOf(template: string): string[] {
  const words = needsShell(template) ? commandWords(tokenize(template)) : splitCommand(template).slice(0, 1);
  return [...new Set(words.filter((w) => PYTHON_NAME.test(basename(w))))];
}

/**
 * Plans how to start a command template at an address: a simple command is split into argv as
 * before; one with shell syntax runs as `/bin/sh -c SCRIPT` with `{host}`/`{port}` quoted in place.
 */
export function planCommand(template: string, address: Address): CommandPlan {
  if (template.trim() === '') throw new CommandError('the command is empty');
  if (!needsShell(template)) {
    const argv = createArgv(template, address);
    return { argv, display: argv.join(' '), shell: false, pythons: isPythonCommand(argv) ? [argv[0]!] : [], commands: [argv[0]!] };
  }
  const script = substituteInScript(template.trim(), address);
  const commands = commandWords(tokenize(template));
  return { argv: shellArgv(script), display: script, shell: true, pythons: [...new Set(commands.filter((w) => PYTHON_NAME.test(basename(w))))], commands };
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
      for (const name of pythonsOf(template)) if (!resolved.has(name)) names.add(name);
    } catch {
      // reported when the program is started
    }
  }
  await Promise.all([...names].map(askInBackground));
}

/** Resolutions under way: a second request for the same name waits for the first. */
const asking = new Map<string, Promise<void>>();

function askInBackground(name: string): Promise<void> {
  let pending = asking.get(name);
  if (!pending) {
    pending = new Promise<void>((done) => {
      execFile(name, ASK_EXECUTABLE, { encoding: 'utf8', timeout: 10_000 }, (error, stdout) => {
        if (!resolved.has(name)) resolved.set(name, (!error && stdout.trim()) || name);
        asking.delete(name);
        done();
      });
    });
    asking.set(name, pending);
  }
  return pending;
}
