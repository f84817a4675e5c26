// Runs a task again whenever files of a folder change: `sockgrade check --watch`. Editors save
// by writing a new file and renaming it over the old one, so the folder is watched, not the file.
// Bursts of events are debounced into one run, and runs never overlap: a change during a run is
// remembered and served by one more run when the current one has finished.
import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface WatchOptions {
  readonly dir: string;
  /** Whether a change to this file name (in `dir`) is worth a run. */
  readonly relevant: (name: string) => boolean;
  readonly run: () => Promise<void>;
  /** Quiet time after the last event before a run (default 150 ms). */
  readonly debounceMs?: number;
  /** Called when a change arrives during a run (it will be served after it). */
  readonly onQueued?: (name: string) => void;
}

export interface Watching {
  /** Stops watching; resolves when the run in progress, if any, has ended. */
  stop(): Promise<void>;
}

function digest(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

/** Runs `run` now, then after every relevant change until stopped. */
export function watchFolder(options: WatchOptions): Watching {
  const debounceMs = options.debounceMs ?? 150;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let queued = false;
  const changed = new Set<string>();
  // What each file held when it was last run on: an editor that rewrites a file unchanged
  // (or fires several events for one save) costs no extra run.
  const seen = new Map<string, string | undefined>();

  const start = (): void => {
    if (stopped) return;
    const names = [...changed];
    changed.clear();
    const real = names.length === 0 || names.some((name) => {
      const now = digest(join(options.dir, name));
      const before = seen.get(name);
      seen.set(name, now);
      return now !== before || before === undefined;
    });
    if (!real) return;
    current = options.run().catch(() => {}).finally(() => {
      current = undefined;
      if (queued && !stopped) {
        queued = false;
        start();
      }
    });
  };

  const onEvent = (name: string | null): void => {
    if (stopped || !name || !options.relevant(name)) return;
    changed.add(name);
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (current) {
        if (!queued) options.onQueued?.(name);
        queued = true;
      } else {
        start();
      }
    }, debounceMs);
  };

  const watcher: FSWatcher = watch(options.dir, { persistent: true }, (_event, name) => onEvent(name === null ? null : String(name)));
  watcher.on('error', () => {}); // the folder went away: nothing more to watch
  start();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      watcher.close();
      await current;
    },
  };
}
