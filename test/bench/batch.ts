// `node dist/test/bench/batch.js [--batch-size 20] [--jobs N] [--repeat 1]`: only the bench's
// third target (a batch of correct echo submissions, targets.ts), for working on the batch
// without the whole catalogue's run. Prints the load with every figure: the machine is shared.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { batchTarget } from './targets.js';

const { values } = parseArgs({ options: { 'batch-size': { type: 'string', default: '20' }, jobs: { type: 'string' }, repeat: { type: 'string', default: '1' } } });
const n = Math.max(1, Number(values['batch-size']));
const extra = values.jobs !== undefined ? ['--jobs', values.jobs] : [];
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
for (let i = 0; i < Math.max(1, Number(values.repeat)); i++) {
  const before = load();
  const b = await batchTarget(n, undefined, extra);
  console.log(`batch of ${b.submissions} echo-correct${extra.length ? ` ${extra.join(' ')}` : ''}: ${b.checks} checks in ${(b.wallMs / 1000).toFixed(2)} s = ${b.checksPerSecond.toFixed(1)} checks/s; CPU ${b.cpuMs !== undefined ? (b.cpuMs / 1000).toFixed(2) : '?'} s (${b.cpuMs !== undefined ? (b.cpuMs / b.checks).toFixed(0) : '?'} ms/check) → ${b.allowedChecksPerSecond?.toFixed(1) ?? '?'} checks/s allowed by ${b.cores} cores; efficiency ${b.efficiency !== undefined ? (b.efficiency * 100).toFixed(0) : '?'} %; load before ${before}, after ${load()}`);
}
