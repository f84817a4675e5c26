// Grading one learner in a child process of its own (`sockgrade grade … --outcome FILE`), in a
// network namespace of its own where the machine allows it: a learner's programs then cannot
// reach the programs of learners graded at the same time (connect to their ports, steal the one
// accept() a server makes). The child ends with the batch: it reads a pipe from it and leaves
// when that closes (a killed batch closes it), and bwrap's --die-with-parent.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { probeBwrap, NETNS_ENV } from '../process/sandbox.js';
import { LearnerOutcomeSchema, type LearnerOutcome } from './outcome.js';

export const BATCH_CHILD_ENV = 'SOCKGRADE_BATCH_CHILD';

/** Whether each learner can get a network namespace of its own here, and why not. */
export function learnerIsolation(): { ok: true } | { ok: false; reason: string } {
  const bwrap = probeBwrap();
  return bwrap.ok ? { ok: true } : { ok: false, reason: bwrap.reason.replace(/, so submissions are not isolated|; submissions are not isolated/, '') };
}

export type ChildResult =
  | { readonly kind: 'outcome'; readonly outcome: LearnerOutcome }
  /** The child could not grade (a crash, a kill): worth grading again on the next run. */
  | { readonly kind: 'failed'; readonly reason: string };

const live = new Set<ChildProcess>();

/** Ends every learner child still running (the batch was interrupted): each closes its programs as it goes. */
export function stopChildren(): void {
  for (const child of live) child.stdin?.destroy();
}

export function runLearnerChild(cliArgs: readonly string[], outcomeFile: string, isolate: boolean): Promise<ChildResult> {
  const node = [process.execPath, ...process.execArgv, process.argv[1]!, ...cliArgs, '--outcome', outcomeFile];
  const argv = isolate ? ['bwrap', '--dev-bind', '/', '/', '--unshare-net', '--die-with-parent', '--', ...node] : node;
  const env: NodeJS.ProcessEnv = { ...process.env, [BATCH_CHILD_ENV]: '1', ...(isolate ? { [NETNS_ENV]: '1' } : {}) };
  // The batch writes its own CI summary; a child must not add one per learner.
  delete env.GITHUB_ACTIONS;
  rmSync(outcomeFile, { force: true });
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'ignore', 'pipe'], env });
    live.add(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4096);
    });
    child.stdin!.on('error', () => {});
    const finish = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      live.delete(child);
      if (!error && existsSync(outcomeFile)) {
        try {
          const outcome = LearnerOutcomeSchema.parse(JSON.parse(readFileSync(outcomeFile, 'utf8')));
          rmSync(outcomeFile, { force: true });
          resolve({ kind: 'outcome', outcome });
          return;
        } catch {
          // A half-written or foreign file: as if there were none.
        }
      }
      const last = stderr.trim().split('\n').pop()?.replace(/^sockgrade: /, '');
      const how = error ? `could not start (${error.message})` : signal ? `was killed by ${signal}` : `exited with ${code}`;
      resolve({ kind: 'failed', reason: `sockgrade's grading process ${how}${last ? `: ${last}` : ''}` });
    };
    child.on('error', (error) => finish(null, null, error));
    child.on('close', (code, signal) => finish(code, signal));
  });
}
