// Starts a learner-style Python program from test/fixtures/tutorial with the shim, the way the
// harness does, and cleans up after it.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { Program, TRUSTED } from '../../harness/process/program.js';
import { Transcript } from '../../harness/transcript.js';
import { readShimEvents, type ShimEvents } from '../../harness/python/events.js';
import { projectRoot } from '../../harness/paths.js';
import { findLeftoverProcesses } from '../helpers/grade.js';

export const tutorialDir = join(projectRoot, 'test', 'fixtures', 'tutorial');

export interface Started {
  readonly program: Program;
  readonly port: number;
  readonly dir: string;
  events(): ShimEvents;
}

const cleanups: (() => Promise<void>)[] = [];
const dirs: string[] = [];

/** Runs `python3 <script>` in a fresh copy of `folder` (default: the tutorial fixtures). */
export async function startPython(script: string, options: { role: 'server' | 'client'; port?: number; redirect?: boolean; folder?: string; env?: Record<string, string> }): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-'));
  const eventsDir = mkdtempSync(join(tmpdir(), 'sockgrade-events-'));
  dirs.push(dir);
  cpSync(options.folder ?? tutorialDir, dir, { recursive: true });
  const port = options.port ?? (await getPort({ host: '127.0.0.1' }));
  const eventsFile = join(eventsDir, 'events.log');
  const program = Program.start({
    label: options.role,
    command: `python3 ${script}`,
    cwd: dir,
    address: { host: '127.0.0.1', port },
    transcript: new Transcript(),
    python: { role: options.role, redirect: options.redirect ?? true, eventsFile },
    confinement: TRUSTED,
    ...(options.env ? { env: options.env } : {}),
  });
  cleanups.push(async () => {
    await program.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(eventsDir, { recursive: true, force: true });
  });
  return { program, port, dir, events: () => readShimEvents(eventsFile) };
}

/**
 * Stops every program started since the last call (for afterEach) and returns the processes of
 * theirs still alive: none, if the harness killed every tree. Other test files run in parallel, so
 * only this file's folders count.
 */
export async function stopAll(): Promise<string[]> {
  await Promise.all(cleanups.splice(0).map((c) => c()));
  const mine = dirs.splice(0);
  return findLeftoverProcesses().filter((p) => mine.some((d) => p.includes(`(in ${d})`)));
}
