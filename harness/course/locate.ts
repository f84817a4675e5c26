// Where one exercise's files are in a learner's folder, and how its programs are run there.
//
// The folder: the entry's `folder` when given; else a subfolder named like the exercise when the
// learner has one (alice/echo/, alice/udp-echo/); else the learner folder itself.
// The commands, first found wins: the command line's, the config's, the defaults of the config's
// `roles`, the folder's sockgrade.json (when it is for this exercise), the exercise's default
// commands whose script exists (server.py, client.py).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../check/types.js';
import { t, type Text } from '../i18n/text.js';
import { ManifestError, readManifest } from '../cli/manifest.js';
import type { AssignmentExercise } from './assignment.js';

export type Commands = Partial<Record<Role, string>>;

export type Location =
  | { readonly ok: true; readonly dir: string; readonly commands: Commands; readonly build: string | undefined }
  | { readonly ok: false; readonly reason: Text };

const isDirectory = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;

/** Source files a command names (`python3 server.py` → server.py): they must exist to be graded. */
export function scriptsOf(command: string): string[] {
  return command.split(/\s+/).filter((w) => /^[\w./-]+\.(py|js|mjs|cjs|ts|rb|pl|php|sh|lua)$/i.test(w) && !w.startsWith('/') && !w.split('/').includes('..'));
}

function defaultsWhoseScriptExists(planned: AssignmentExercise, dir: string): Commands {
  const commands: Commands = {};
  for (const role of ['server', 'client'] as const) {
    const spec = planned.exercise.roles[role];
    if (spec && scriptsOf(spec.defaultCommand).every((s) => existsSync(join(dir, s)))) commands[role] = spec.defaultCommand;
  }
  return commands;
}

export function locateExercise(learnerDir: string, planned: AssignmentExercise, overrides: Commands & { build?: string | undefined } = {}): Location {
  const { entry, exercise } = planned;
  const id = exercise.id;
  let dir: string;
  if (entry.folder !== undefined) {
    dir = join(learnerDir, entry.folder);
    if (!isDirectory(dir)) return { ok: false, reason: t(`${id}: there is no folder ${entry.folder}/`, `${id}：没有文件夹 ${entry.folder}/`) };
  } else {
    dir = isDirectory(join(learnerDir, id)) ? join(learnerDir, id) : learnerDir;
  }
  if (readdirSync(dir).length === 0) return { ok: false, reason: t(`${id}: the folder has no files`, `${id}：文件夹里没有文件`) };

  let commands: Commands = {};
  let build = overrides.build ?? entry.build;
  for (const role of ['server', 'client'] as const) {
    const command = overrides[role] ?? entry[role];
    if (command !== undefined) commands[role] = command;
  }
  if (!commands.server && !commands.client && entry.roles) {
    for (const role of entry.roles) commands[role] = exercise.roles[role]!.defaultCommand;
  }
  if (!commands.server && !commands.client) {
    let manifest;
    try {
      manifest = readManifest(dir);
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      return { ok: false, reason: t(`${id}: ${error.message}`, `${id}：${error.message}`) };
    }
    if (manifest && manifest.exercise === id) {
      commands = { ...(manifest.server ? { server: manifest.server } : {}), ...(manifest.client ? { client: manifest.client } : {}) };
      build ??= manifest.build;
    } else {
      commands = defaultsWhoseScriptExists(planned, dir);
    }
  }
  if (entry.roles) commands = Object.fromEntries(Object.entries(commands).filter(([role]) => entry.roles!.includes(role as Role)));
  if (!commands.server && !commands.client) {
    const expected = (['server', 'client'] as const).flatMap((r) => (exercise.roles[r] ? scriptsOf(exercise.roles[r].defaultCommand) : []));
    return { ok: false, reason: t(`${id}: nothing to grade (no sockgrade.json for it, none of ${expected.join(', ')})`, `${id}：没有可评分的程序（没有它的 sockgrade.json，也没有 ${expected.join('、')}）`) };
  }
  const required = entry.files ?? (build === undefined ? Object.values(commands).flatMap(scriptsOf) : []);
  const missing = [...new Set(required)].filter((f) => !existsSync(join(dir, f)));
  if (missing.length) return { ok: false, reason: t(`${id}: missing ${missing.join(', ')}`, `${id}：缺少 ${missing.join('、')}`) };
  return { ok: true, dir, commands, build };
}
