// The grader's own memory during file transfers of 1 MiB, 64 MiB and 256 MiB, both roles: the
// file is generated, sent, received and compared in chunks, so the peak should not grow with the
// size. Each transfer runs in a fresh process, measured from outside (/usr/bin/time -v, else the
// child's VmHWM); the reference program plays the learner (no limits, so 256 MiB is allowed).
//
//   node dist/test/bench/file-transfer-rss.js              # the table: 0 (baseline), 1, 64, 256 MiB
//   node dist/test/bench/file-transfer-rss.js --one server 64
//
// Also reports what the transcript kept for each transfer (events, characters): it records every
// chunk, so it must stay bounded too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findExercise } from '../../exercises/index.js';
import { gradeSubmission } from '../../harness/check/runner.js';
import { createSubmission } from '../../harness/check/submission.js';
import type { Check, Role } from '../../harness/check/types.js';
import { SeededFile } from '../../graders/expect/big-file.js';
import { receiveFromServer, sendToClient } from '../../graders/file-transfer.js';

const MIB = 1024 * 1024;
const SIZES_MIB = [0, 1, 64, 256];

function vmHwmKiB(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** One transfer in this process; prints one JSON line with what it saw. */
async function runOne(role: Role, mib: number): Promise<void> {
  const exercise = findExercise('file-transfer')!;
  const file = new SeededFile(mib * MIB, `bench/${mib}`);
  const check: Check = {
    id: `bench-${role}-${mib}`,
    title: `a ${mib} MiB transfer`,
    role,
    tags: ['oversize'],
    points: 1,
    hint: 'none',
    timeoutMs: 300_000,
    run: (ctx) => (role === 'server' ? receiveFromServer(ctx, file) : sendToClient(ctx, file)),
  };
  const dir = mkdtempSync(join(tmpdir(), 'sockgrade-bench-'));
  const started = performance.now();
  try {
    const checks = mib === 0 ? [] : [check];
    const report = await gradeSubmission(exercise, checks, createSubmission(dir, { [role]: 'reference' }), { workers: 1 });
    const result = report.checks[0];
    const transcript = result?.transcript ?? [];
    console.log(JSON.stringify({
      role,
      mib,
      status: result?.status ?? 'none',
      message: result?.status === 'passed' ? undefined : result?.message,
      seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
      vmHwmMiB: Number((vmHwmKiB() / 1024).toFixed(1)),
      transcriptEvents: transcript.length,
      transcriptChars: transcript.reduce((n, e) => n + e.text.length + e.actor.length, 0),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs every size and role in a fresh process each and prints a table. */
function runAll(): void {
  const self = fileURLToPath(import.meta.url);
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  console.log('role    size     peak RSS (time -v)  VmHWM    wall    transcript (events, chars)  status');
  for (const role of ['server', 'client'] as const) {
    for (const mib of SIZES_MIB) {
      const args = [self, '--one', role, String(mib)];
      const run = time
        ? spawnSync(time, ['-v', process.execPath, ...args], { encoding: 'utf8' })
        : spawnSync(process.execPath, args, { encoding: 'utf8' });
      const line = run.stdout.trim().split('\n').pop() ?? '{}';
      const seen = JSON.parse(line) as { status: string; message?: string; seconds: number; vmHwmMiB: number; transcriptEvents: number; transcriptChars: number };
      const maxRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr ?? '');
      const rss = maxRss ? `${(Number(maxRss[1]) / 1024).toFixed(1)} MiB` : 'n/a';
      const size = mib === 0 ? 'baseline' : `${mib} MiB`;
      console.log(
        `${role.padEnd(7)} ${size.padEnd(8)} ${rss.padStart(18)}  ${`${seen.vmHwmMiB} MiB`.padStart(9)} ${`${seen.seconds} s`.padStart(7)}    ${`${seen.transcriptEvents}, ${seen.transcriptChars}`.padEnd(26)}  ${seen.status}${seen.message ? `: ${seen.message}` : ''}`,
      );
    }
  }
}

const { values, positionals } = parseArgs({ options: { one: { type: 'boolean' } }, allowPositionals: true });
if (values.one) await runOne(positionals[0] as Role, Number(positionals[1]));
else runAll();
