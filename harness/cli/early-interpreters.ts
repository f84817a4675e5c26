// The interpreters a grading will start, resolved while the rest of sockgrade loads.
//
// Asking a version manager's `python3` shim where the real interpreter lives takes ~190 ms on a
// pyenv machine (command.ts), and the grading cannot start its first program before it knows.
// Loading the commands takes about as long, so both run at once: this module reads only the raw
// arguments and the submission's sockgrade.json, and never fails (a wrong guess costs one ask).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareInterpreters } from '../process/command.js';
import { findArgument } from './options.js';

/** Command templates named on the command line or in the submission's sockgrade.json. */
function commandsNamed(args: readonly string[]): string[] {
  const commands = [findArgument(args, '--server'), findArgument(args, '--client')].filter((c): c is string => c !== undefined && c !== 'reference');
  const manifest = join(findArgument(args, '--cwd') ?? '.', 'sockgrade.json');
  try {
    if (existsSync(manifest)) {
      const data = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
      for (const key of ['server', 'client']) if (typeof data[key] === 'string') commands.push(data[key]);
    }
  } catch {
    // the grading reports a broken sockgrade.json itself
  }
  return commands;
}

/** Starts resolving, in the background, the interpreters `grade` or `check` with these arguments will start. */
export function resolveInterpretersEarly(command: 'grade' | 'check', args: readonly string[]): void {
  const commands = commandsNamed(args);
  // `check server.py` runs the file with python3 unless told otherwise.
  if (command === 'check' && args.some((a) => a.endsWith('.py'))) commands.push('python3 x.py');
  void prepareInterpreters(commands);
}
