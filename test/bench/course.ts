// `npm run bench:course -- --learners N`: a batch over N learner folders made from the bundled echo
// examples, as an instructor would run it; not a test (it takes minutes for large N).
//
//   node dist/test/bench/course.js [--learners 8] [--jobs N] [--keep]
//
// Prints, for the same folders: the batch's wall time and time per learner with a network
// namespace per grading worker (the default) and with one shared (--isolate-learners off), the
// cost of starting a grading worker (node start-up of sockgrade, with and without bwrap; paid once
// per worker, not per learner), and a resumed run with nothing to grade (fingerprinting every folder).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../harness/paths.js';
import { CLI as cli } from '../helpers/cli.js';
import { probeBwrap } from '../../harness/process/sandbox.js';

const { values } = parseArgs({ options: { learners: { type: 'string' }, jobs: { type: 'string' }, keep: { type: 'boolean' } } });
const learners = Number(values.learners ?? 8);
const jobs = values.jobs ?? String(availableParallelism());

const examples = readdirSync(join(projectRoot, 'examples')).filter((name) => /^echo-(correct|tutorial-style|buggy|socketserver)$/.test(name)).sort();
const base = mkdtempSync(join(tmpdir(), 'sockgrade-bench-course-'));
const root = join(base, 'learners');
for (let i = 0; i < learners; i++) {
  const example = examples[i % examples.length]!;
  cpSync(join(projectRoot, 'examples', example), join(root, `learner-${String(i + 1).padStart(4, '0')}`), { recursive: true });
}

function time(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(args[0]!, args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], cwd: base });
  if (result.status !== 0 && result.status !== 1 && result.status !== 2) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return performance.now() - started;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const batch = (out: string, ...more: string[]) => time([process.execPath, cli, 'batch', root, '--out', join(base, out), '--jobs', jobs, '-q', ...more]);

process.stdout.write(`course bench: ${learners} learners from ${examples.join(', ')}, --jobs ${jobs}, load average ${loadavg()[0]!.toFixed(1)}\n`);
const startNode = median([1, 2, 3].map(() => time([process.execPath, cli, 'grade', '--help'])));
const bwrap = probeBwrap().ok;
const startBwrap = bwrap ? median([1, 2, 3].map(() => time(['bwrap', '--dev-bind', '/', '/', '--unshare-net', '--die-with-parent', '--', process.execPath, cli, 'grade', '--help']))) : NaN;
process.stdout.write(`a grading worker's start-up, once per worker (sockgrade grade --help): ${startNode.toFixed(0)} ms; in its own namespace (bwrap): ${bwrap ? `${startBwrap.toFixed(0)} ms` : 'bwrap unavailable'}\n`);

const own = batch('own');
process.stdout.write(`batch, a namespace per learner: ${seconds(own)} (${(own / learners / 1000).toFixed(2)} s per learner)\n`);
const shared = batch('shared', '--isolate-learners', 'off');
process.stdout.write(`batch, one shared namespace:    ${seconds(shared)} (${(shared / learners / 1000).toFixed(2)} s per learner)\n`);
const resumed = batch('own');
process.stdout.write(`batch again, nothing to grade:  ${seconds(resumed)} (fingerprints only)\n`);
const read = (out: string) => (existsSync(join(base, out, 'gradebook.csv')) ? readFileSync(join(base, out, 'gradebook.csv'), 'utf8') : undefined);
const same = read('own') !== undefined && read('own') === read('shared');
process.stdout.write(`gradebooks of both runs identical: ${same ? 'yes' : 'no'}\n`);
if (values.keep) process.stdout.write(`kept: ${base}\n`);
else rmSync(base, { recursive: true, force: true });
