// A tiny counting semaphore: at most `limit` tasks run at once. Waiting tasks start by priority
// (higher first), then in the order asked for, so long work queued late still starts early.
export type Pool = <T>(task: () => Promise<T>, priority?: number) => Promise<T>;

export function createPool(limit: number): Pool {
  let active = 0;
  let order = 0;
  const waiting: { priority: number; order: number; start: () => void }[] = [];
  const next = () => {
    if (waiting.length === 0) return;
    let best = 0;
    for (let i = 1; i < waiting.length; i++) {
      const w = waiting[i]!;
      const b = waiting[best]!;
      if (w.priority > b.priority || (w.priority === b.priority && w.order < b.order)) best = i;
    }
    waiting.splice(best, 1)[0]!.start();
  };
  return async (task, priority = 0) => {
    if (active >= limit) await new Promise<void>((start) => waiting.push({ priority, order: order++, start }));
    active++;
    try {
      return await task();
    } finally {
      active--;
      next();
    }
  };
}
