// The watch loop of `check --watch` without grading: saves in a burst make one run, a save during
// a run makes exactly one more run after it (never two at once), unchanged rewrites and
// unrelated files make none, and stop() waits for the run in progress.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchFolder } from '../../harness/learner/watch.js';
import { createTempFolders } from '../helpers/cli.js';

const folders = createTempFolders();
afterAll(folders.cleanup);

/** Resolves when `condition` holds, checked on every event-loop turn for at most `ms`. */
async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function setUp(runMs: number) {
  const dir = folders.make('sockgrade-watch-');
  writeFileSync(join(dir, 'server.py'), 'v0');
  let runs = 0;
  let running = 0;
  let overlapped = false;
  let release: (() => void) | undefined;
  const watching = watchFolder({
    dir,
    debounceMs: 50,
    relevant: (name) => name.endsWith('.py'),
    run: async () => {
      runs++;
      running++;
      if (running > 1) overlapped = true;
      await new Promise<void>((r) => {
        release = r;
        setTimeout(r, runMs);
      });
      running--;
    },
  });
  return { dir, watching, runs: () => runs, running: () => running, overlapped: () => overlapped, release: () => release?.() };
}

describe('watchFolder', () => {
  it('a burst of saves is one run', async () => {
    const w = setUp(10);
    try {
      await until(() => w.runs() === 1 && w.running() === 0);
      for (let i = 1; i <= 5; i++) writeFileSync(join(w.dir, 'server.py'), `v${i}`);
      await until(() => w.runs() === 2 && w.running() === 0);
      await new Promise((r) => setTimeout(r, 300));
      expect(w.runs()).toBe(2);
    } finally {
      await w.watching.stop();
    }
  });

  it('saves during a run make exactly one more run, after it, never two at once', async () => {
    const w = setUp(600);
    try {
      await until(() => w.runs() === 1);
      writeFileSync(join(w.dir, 'server.py'), 'during-1');
      await new Promise((r) => setTimeout(r, 120));
      writeFileSync(join(w.dir, 'server.py'), 'during-2');
      await until(() => w.runs() === 2, 5000);
      await until(() => w.running() === 0, 5000);
      await new Promise((r) => setTimeout(r, 300));
      expect(w.runs()).toBe(2);
      expect(w.overlapped()).toBe(false);
    } finally {
      await w.watching.stop();
    }
  });

  it('an unchanged rewrite and an unrelated file make no run; stop() waits for the run in progress', async () => {
    const w = setUp(10);
    try {
      await until(() => w.runs() === 1 && w.running() === 0);
      writeFileSync(join(w.dir, 'server.py'), 'v1');
      await until(() => w.runs() === 2 && w.running() === 0);
      writeFileSync(join(w.dir, 'server.py'), 'v1');
      writeFileSync(join(w.dir, 'notes.txt'), 'unrelated');
      await new Promise((r) => setTimeout(r, 300));
      expect(w.runs()).toBe(2);
    } finally {
      await w.watching.stop();
    }
    expect(w.running()).toBe(0);
  });
});
