// `sockgrade merge <out-dir>... --out <dir>`: joins the out dirs of a batch's shards into one, with
// the gradebook one run over every folder would have written, byte for byte. Refused when the
// shards are of different batches, overlap, or leave out folders their manifests list.
import { parseArgs } from 'node:util';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeShard } from '../course/shard.js';
import {
  manifestPath, readLearnerState, readManifestFile, reportPath, reportsDir, stateDir, statePath, textPath, writeJson, gradebookPath,
  type BatchManifest, type LearnerState,
} from '../course/out-dir.js';
import { writeGradebook } from './batch.js';
import { USAGE, UsageError } from './usage.js';

function sameBatch(a: BatchManifest, b: BatchManifest): string | undefined {
  if (a.shard.count !== b.shard.count) return `one is shard ${describeShard(a.shard)}, the other ${describeShard(b.shard)}: shards of one batch share their n`;
  if (JSON.stringify(a.folders) !== JSON.stringify(b.folders)) return 'their batches list different learner folders';
  if (a.settings !== b.settings) return 'they were graded with different configs, flags or sockgrade versions';
  if (JSON.stringify(a.columns) !== JSON.stringify(b.columns) || a.lang !== b.lang) return 'their gradebooks have different columns';
  return undefined;
}

export function commandMerge(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length === 0 || values.out === undefined) throw new UsageError('merge takes the shards\' out dirs and --out DIR, e.g. sockgrade merge out-1 out-2 --out all');
  const out = resolve(values.out);
  const shards = positionals.map((dir) => {
    const manifest = readManifestFile(resolve(dir));
    if (!manifest) throw new UsageError(`${dir} is not a batch's out dir: ${manifestPath(dir)} is missing or unreadable`);
    return { dir, full: resolve(dir), manifest };
  });
  if (shards.some((s) => s.full === out)) throw new UsageError('--out must be a new folder, not one of the shards');
  if (existsSync(out) && readdirSync(out).length > 0) throw new UsageError(`${values.out} is not empty: merge writes into a new or empty folder`);
  const first = shards[0]!;
  for (const other of shards.slice(1)) {
    const why = sameBatch(first.manifest, other.manifest);
    if (why) throw new UsageError(`${first.dir} and ${other.dir} are not shards of one batch: ${why}`);
  }
  const byIndex = new Map<number, string>();
  for (const shard of shards) {
    const taken = byIndex.get(shard.manifest.shard.index);
    if (taken) throw new UsageError(`${taken} and ${shard.dir} overlap: both are shard ${describeShard(shard.manifest.shard)}`);
    byIndex.set(shard.manifest.shard.index, shard.dir);
  }
  const owner = new Map<string, (typeof shards)[number]>();
  for (const shard of shards) for (const learner of shard.manifest.members) owner.set(learner, shard);
  const missing = first.manifest.folders.filter((f) => !owner.has(f));
  if (missing.length) {
    const absent = [...Array(first.manifest.shard.count).keys()].map((i) => i + 1).filter((i) => !byIndex.has(i));
    throw new UsageError(`${missing.length} learner folder${missing.length > 1 ? 's are' : ' is'} in no shard given (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}): shard${absent.length > 1 ? 's' : ''} ${absent.map((i) => `${i}/${first.manifest.shard.count}`).join(', ')} missing`);
  }
  const states: LearnerState[] = [];
  for (const learner of first.manifest.folders) {
    const shard = owner.get(learner)!;
    const state = readLearnerState(shard.full, learner);
    if (!state) throw new UsageError(`${shard.dir} has no result for ${learner} (the batch was interrupted, or sockgrade failed grading it): run that shard again, then merge`);
    states.push(state);
  }
  mkdirSync(reportsDir(out), { recursive: true });
  mkdirSync(stateDir(out), { recursive: true });
  for (const state of states) {
    const from = owner.get(state.learner)!.full;
    for (const path of [reportPath, textPath]) if (existsSync(path(from, state.learner))) copyFileSync(path(from, state.learner), path(out, state.learner));
    writeJson(statePath(out, state.learner), state);
  }
  const merged: BatchManifest = { ...first.manifest, shard: { index: 1, count: 1 }, members: first.manifest.folders };
  writeJson(manifestPath(out), merged);
  const failures = writeGradebook(out, states.map((s) => ({ learner: s.learner, scores: s.scores, problems: s.problems })), first.manifest.columns, first.manifest.lang);
  for (const failure of failures) process.stderr.write(`sockgrade: ${failure}\n`);
  if (failures.length) return 2;
  process.stdout.write(`merged ${shards.length} shard${shards.length > 1 ? 's' : ''}, ${states.length} learners: ${gradebookPath(out)}\n`);
  return 0;
}
