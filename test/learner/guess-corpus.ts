// The programs whose exercise and role are known, to measure the guesser on: every example
// (examples/<name>/sockgrade.json says which) and every right program of the cases files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../harness/paths.js';
import type { Role } from '../../harness/check/types.js';
import { loadCatalogue } from '../helpers/catalogue.js';

export interface KnownProgram {
  /** Where it comes from: `examples/echo-correct/server.py`. */
  readonly label: string;
  readonly file: string;
  readonly exercise: string;
  readonly role: Role;
  /** Examples are whole submissions: the other role's program sits beside it. */
  readonly withPartners: boolean;
}

/** The script a command runs: `python3 server.py {port}` → server.py. */
function scriptOf(command: string): string | undefined {
  return command.split(/\s+/).find((w) => /\.(py|js|c|java)$/.test(w));
}

export function examplePrograms(): KnownProgram[] {
  const root = join(projectRoot, 'examples');
  return readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => {
    let manifest: { exercise: string; server?: string; client?: string };
    try {
      manifest = JSON.parse(readFileSync(join(root, d.name, 'sockgrade.json'), 'utf8'));
    } catch {
      return [];
    }
    return (['server', 'client'] as const).flatMap((role) => {
      const script = manifest[role] ? scriptOf(manifest[role]!) : undefined;
      return script ? [{ label: `examples/${d.name}/${script}`, file: join(root, d.name, script), exercise: manifest.exercise, role, withPartners: true }] : [];
    });
  });
}

export async function rightPrograms(): Promise<KnownProgram[]> {
  const catalogue = await loadCatalogue();
  return catalogue.flatMap(({ exercise, cases }) => (cases?.right ?? []).flatMap((right) =>
    (['server', 'client'] as const).flatMap((role) => {
      const command = right.commands[role];
      const script = command && command !== 'reference' ? scriptOf(command) : undefined;
      if (!script) return [];
      return [{ label: `test/fixtures/${exercise.id}/${script}`, file: join(projectRoot, 'test', 'fixtures', exercise.id, script), exercise: exercise.id, role, withPartners: false }];
    })));
}
