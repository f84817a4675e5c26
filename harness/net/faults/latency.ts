// `latency`: the data arrives whole but late, as over a long or congested path.
import type { StreamFault } from './fault.js';

/** `latency(200)`: 200 ms of nothing, then the data. */
export function latency(ms: number): StreamFault {
  return { name: 'latency', description: `delivered ${ms} ms late`, plan: (data) => (data.length ? [{ kind: 'pause', ms }, { kind: 'write', bytes: data }] : []) };
}
