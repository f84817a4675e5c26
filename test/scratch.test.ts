import { it } from 'vitest';
import { gradeFixture } from './helpers/grade.js';

const cases: [string, Record<string, string>, string[]][] = [];
for (let i = 0; i < 4; i++) {
  cases.push(['echo-loop', { server: 'python3 server-good.py' }, ['server-peer-leaves', 'server-serves-next-client']]);
  cases.push(['echo-loop', { server: 'python3 server-with-error-handling.py' }, ['server-peer-leaves', 'server-serves-next-client']]);
  cases.push(['ack', { server: 'python3 server-socketserver.py' }, ['server-peer-leaves', 'server-serves-next-client']]);
  cases.push(['echo-loop', { client: 'python3 client-good.py' }, ['client-ends-at-end-of-input', 'client-ends-when-server-closes', 'client-skips-empty-line']]);
}
it.concurrent.each(cases.map((c, i) => [i, ...c] as const))('%i %s', async (_i, ex, cmd, only) => {
  const r = await gradeFixture(ex, cmd, { only });
  for (const c of r.checks) if (c.status !== 'passed') console.log('BAD', ex, JSON.stringify(cmd), c.id, c.status, c.message);
}, 120000);
