// What `sockgrade check FILE` grades: which exercise, which role, and the command that runs the
// file. Given flags win; then the folder's sockgrade.json when it names this file; then the guess.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { Exercise } from '../../exercises/schema.js';
import { ROLES, type Role } from '../check/types.js';
import { render, t, type Lang, type Text } from '../i18n/text.js';
import { readManifest } from './manifest.js';
import { UsageError } from './usage.js';
import { guessExercise, readPartners, type Guess } from '../learner/guess.js';

export interface CheckTarget {
  readonly file: string;
  readonly exercise: Exercise;
  readonly role: Role;
  /** The command that runs the file, as `grade --server/--client` takes it. */
  readonly command: string;
  readonly build?: string | undefined;
  /** How the exercise and role were decided. */
  readonly source: { readonly kind: 'flags' } | { readonly kind: 'manifest' } | { readonly kind: 'guess'; readonly guess: Guess };
}

export interface TargetRequest {
  readonly file: string;
  readonly exercise?: string | undefined;
  readonly role?: string | undefined;
  readonly command?: string | undefined;
  readonly build?: string | undefined;
}

function quoteArg(arg: string): string {
  return /^[\w./@%+=:,-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** How a file is run when the learner does not say: Python by python3; anything else must be told. */
function commandFor(file: string, request: TargetRequest): string {
  if (request.command !== undefined) {
    if (request.command.trim() === '') throw new UsageError('the --command is empty');
    return request.command;
  }
  if (extname(file).toLowerCase() === '.py') return `python3 ${quoteArg(basename(file))}`;
  throw new UsageError(
    `${basename(file)} is not a Python file: say how to run it with --command, e.g. --command "./server {port}" --build "cc -o server ${basename(file)}" ({host} and {port} are replaced; $HOST and $PORT are set)`,
  );
}

function requireRole(value: string | undefined): Role | undefined {
  if (value === undefined) return undefined;
  if (!(ROLES as readonly string[]).includes(value)) throw new UsageError(`--role takes server or client, got ${JSON.stringify(value)}`);
  return value as Role;
}

function requireExerciseId(id: string | undefined, exercises: readonly Exercise[]): Exercise | undefined {
  if (id === undefined) return undefined;
  const exercise = exercises.find((e) => e.id === id);
  if (!exercise) throw new UsageError(`unknown exercise ${JSON.stringify(id)}; known: ${exercises.map((e) => e.id).join(', ')}`);
  return exercise;
}

/** The role of this file in the folder's sockgrade.json, when a role's command runs it. */
function fromManifest(file: string, exercises: readonly Exercise[]): { exercise: Exercise; role: Role; command: string; build?: string | undefined } | undefined {
  const manifest = readManifest(dirname(file));
  if (!manifest) return undefined;
  const exercise = exercises.find((e) => e.id === manifest.exercise);
  if (!exercise) return undefined;
  for (const role of ROLES) {
    const command = manifest[role];
    if (command && command.split(/\s+/).includes(basename(file)) && exercise.roles[role]) return { exercise, role, command, build: manifest.build };
  }
  return undefined;
}

/** Decides what to grade; throws UsageError (exit 2) when the file or the flags do not allow it. */
export function resolveTarget(request: TargetRequest, exercises: readonly Exercise[]): CheckTarget {
  const file = resolve(request.file);
  if (!existsSync(file)) throw new UsageError(`the file ${request.file} does not exist`);
  if (!statSync(file).isFile()) throw new UsageError(`${request.file} is not a file; give the program to check, e.g. sockgrade check server.py`);
  const givenExercise = requireExerciseId(request.exercise, exercises);
  const givenRole = requireRole(request.role);
  if (givenExercise && givenRole) {
    if (!givenExercise.roles[givenRole]) throw new UsageError(`exercise ${givenExercise.id} has no ${givenRole} role`);
    return { file, exercise: givenExercise, role: givenRole, command: commandFor(file, request), build: request.build, source: { kind: 'flags' } };
  }
  if (!givenExercise && !givenRole) {
    const manifest = fromManifest(file, exercises);
    if (manifest) {
      return { file, exercise: manifest.exercise, role: manifest.role, command: request.command ?? manifest.command, build: request.build ?? manifest.build, source: { kind: 'manifest' } };
    }
  }
  const guess = guessExercise({ fileName: basename(file), source: readFileSync(file, 'utf8'), partners: readPartners(file) }, exercises);
  // What the learner gave narrows the guess: the best candidate that agrees with it.
  const fits = guess.candidates.filter((c) => (!givenExercise || c.exercise === givenExercise.id) && (!givenRole || c.role === givenRole));
  const best = fits[0];
  if (!best) throw new UsageError(`no exercise has a ${givenRole} role${givenExercise ? ` in ${givenExercise.id}` : ''}`);
  const narrowed: Guess = { ...guess, best, runnerUp: fits[1] };
  if (guess.confidence === 'unknown' && !givenExercise) {
    throw new UsageError(
      `cannot tell which exercise ${basename(file)} is (it shows no sign of any): name it, e.g. sockgrade check ${quoteArg(request.file)} --exercise ${best.exercise} --role ${best.role} (sockgrade list shows every exercise)`,
    );
  }
  const exercise = exercises.find((e) => e.id === best.exercise)!;
  return { file, exercise, role: best.role, command: commandFor(file, request), build: request.build, source: { kind: 'guess', guess: narrowed } };
}

/** The lines that say what is graded and, for a guess, why, the runner-up, and how to override. */
export function describeTarget(target: CheckTarget, typedFile: string, lang: Lang): string[] {
  const name = `${target.exercise.id} ${target.role}`;
  const override = (exercise: string, role: Role) => `sockgrade check ${quoteArg(typedFile)} --exercise ${exercise} --role ${role}`;
  const say = (text: Text) => render(text, lang);
  if (target.source.kind === 'flags') return [say(t(`checking ${typedFile} as the ${name} (as you said)`, `按你的指定，把 ${typedFile} 当作 ${name} 检查`))];
  if (target.source.kind === 'manifest') return [say(t(`checking ${typedFile} as the ${name} (from sockgrade.json)`, `按 sockgrade.json，把 ${typedFile} 当作 ${name} 检查`))];
  const { guess } = target.source;
  const why = guess.best.reasons.slice(0, 3).map(say).join(lang === 'zh' ? '；' : '; ');
  const lines: string[] = [];
  if (guess.confidence === 'sure') {
    lines.push(say(t(`${typedFile} looks like the ${name} (${target.exercise.title}): ${why}`, `${typedFile} 看起来是 ${name}（${target.exercise.title}）：${why}`)));
  } else {
    lines.push(say(t(`not sure which exercise ${typedFile} is; my best guess is the ${name} (${target.exercise.title}): ${why}`, `不确定 ${typedFile} 是哪个练习；最可能是 ${name}（${target.exercise.title}）：${why}`)));
  }
  const runnerUp = guess.runnerUp;
  if (runnerUp) {
    lines.push(say(t(`runner-up: the ${runnerUp.exercise} ${runnerUp.role}`, `其次：${runnerUp.exercise} ${runnerUp.role}`)));
  }
  const other = runnerUp ?? guess.best;
  lines.push(say(t(`wrong guess? say which: ${override(other.exercise, other.role)}`, `猜错了？请指定：${override(other.exercise, other.role)}`)));
  return lines;
}
