// `node dist/test/bench/batch.js [--batch-size 20] [--jobs N] [--workers N] [--repeat 1]`: only the
// bench's third target (a batch of correct echo submissions, as targets.ts measures it), for
// working on the batch without the whole catalogue's run, plus where its CPU went:
//   - the grading workers' own CPU (the grader: peers, proxies, checks, /proc sampling), read from
//     /proc/<worker>/stat (utime + stime) until each worker ends;
//   - what the workers waited for (cutime + cstime): the programs, i.e. the learners' Python
//     programs and the reference's node programs, with their wrappers (setpriv, unshare, bwrap);
//   - the rest: the batch process itself, and node start-ups of workers.
// Program starts are counted from the reports' transcripts (baselines, which no transcript shows,
// are not counted). Prints the load with every figure: the machine is shared.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI } from '../helpers/cli.js';
import { machineTicks, makeEchoClass, timeCommand } from './targets.js';

const TICK_MS = 10; // USER_HZ 100

const { values } = parseArgs({ options: { 'batch-size': { type: 'string', default: '20' }, jobs: { type: 'string' }, workers: { type: 'string' }, repeat: { type: 'string', default: '1' } } });
const n = Math.max(1, Number(values['batch-size']));
const extra = [...(values.jobs !== undefined ? ['--jobs', values.jobs] : []), ...(values.workers !== undefined ? ['--workers', values.workers] : [])];
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface Usage {
  readonly parent: number;
  readonly own: number;
  readonly waited: number;
}

/**
 * utime+stime and cutime+cstime of every live grading process of the batch over `learners`, by
 * pid: its workers (`cli.js batch-worker <learners>`), or, before there were workers, its
 * children (`cli.js grade … --cwd <learners>/…`); not the bwrap around them.
 */
function sample(learners: string, seen: Map<number, Usage>): void {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!cmdline.includes(learners) || !cmdline.includes('cli.js') || cmdline.includes('cli.js batch ') || cmdline.startsWith('bwrap')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After "pid (comm) ": field 3 is index 0; utime 14, stime 15, cutime 16, cstime 17.
      seen.set(Number(pid), { parent: Number(f[1]), own: (Number(f[11]) + Number(f[12])) * TICK_MS, waited: (Number(f[13]) + Number(f[14])) * TICK_MS });
    } catch {
      // gone while we looked
    }
  }
}

for (let i = 0; i < Math.max(1, Number(values.repeat)); i++) {
  const before = load();
  const base = mkdtempSync(join(tmpdir(), 'sockgrade-bench-batch-'));
  try {
    const learners = makeEchoClass(base, n);
    const json = join(base, 'all.json');
    const workers = new Map<number, Usage>();
    let running = true;
    const poll = (async () => {
      while (running) {
        sample(learners, workers);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const machine0 = machineTicks();
    const run = await timeCommand([process.execPath, CLI, 'batch', learners, '--json', json, '--quiet', '--report-only', ...extra]);
    const machine1 = machineTicks();
    running = false;
    await poll;
    // Whether the cores were kept busy, by this batch or by anyone: on a shared machine the
    // batch's own efficiency is its share of the cores, which others' work also takes.
    const idleShare = (machine1.idle - machine0.idle) / (machine1.idle - machine0.idle + machine1.busy - machine0.busy);
    if (!existsSync(json)) throw new Error(`the batch wrote no ${json} (exit ${run.code})`);
    const data = JSON.parse(readFileSync(json, 'utf8')) as { reports: { checks: { status: string; transcript: { kind: string; text: string }[] }[] }[] };
    const checks = data.reports.flatMap((r) => r.checks);
    const passed = checks.filter((c) => c.status === 'passed').length;
    const spawns = checks.flatMap((c) => c.transcript.filter((e) => e.kind === 'spawn'));
    const nodeStarts = spawns.filter((e) => e.text.includes('/reference/')).length;
    const cores = availableParallelism();
    const cpu = run.cpuMs ?? NaN;
    const efficiency = (cpu / cores) / run.wallMs;
    // A grading process's child between fork and exec still shows its command line: not one of them.
    const list = [...workers.entries()].filter(([, w]) => !workers.has(w.parent));
    const graderMs = list.reduce((sum, [, w]) => sum + w.own, 0);
    const programsMs = list.reduce((sum, [, w]) => sum + w.waited, 0);
    console.log(`batch of ${data.reports.length} echo-correct${extra.length ? ` ${extra.join(' ')}` : ''}: ${passed}/${checks.length} checks passed in ${s(run.wallMs)} = ${(checks.length / (run.wallMs / 1000)).toFixed(1)} checks/s; CPU ${s(cpu)} (${(cpu / checks.length).toFixed(0)} ms/check) → ${(cores / (cpu / 1000 / checks.length)).toFixed(1)} checks/s allowed by ${cores} cores; efficiency ${(efficiency * 100).toFixed(0)} %`);
    console.log(`  CPU: grading processes (grader) ${s(graderMs)}, their programs ${s(programsMs)} (${spawns.length - nodeStarts} learner + ${nodeStarts} reference starts in transcripts), rest (batch, start-ups) ${s(cpu - graderMs - programsMs)}; ${list.length} grading process(es) seen`);
    console.log(`  the machine's cores were idle ${(idleShare * 100).toFixed(0)} % of the run (all processes); load before ${before}, after ${load()}`);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
