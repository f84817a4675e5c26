// The batch's progress bar: counts and an estimate of the time left, redrawn in place on stderr
// when it is a terminal; nothing at all when stderr is a pipe or a file (CI logs stay clean).
export interface ProgressCounts {
  readonly total: number;
  readonly graded: number;
  readonly resumed: number;
  readonly notGraded: number;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** The bar's text: `[#######·······] 12/40  11 graded · 1 not graded · 3 already graded  ETA 1m20s`. */
export function formatProgress(counts: ProgressCounts, elapsedMs: number, width = 24): string {
  const done = counts.graded + counts.resumed + counts.notGraded;
  const filled = counts.total ? Math.round((done / counts.total) * width) : width;
  const gradedNow = counts.graded + counts.notGraded;
  const remaining = counts.total - done;
  // Learners finish `jobs` at a time: the pace so far already counts that.
  const eta = gradedNow > 0 && remaining > 0 ? `  ETA ${duration((elapsedMs / gradedNow) * remaining)}` : '';
  const parts = [`${counts.graded} graded`, ...(counts.notGraded ? [`${counts.notGraded} not graded`] : []), ...(counts.resumed ? [`${counts.resumed} already graded`] : [])];
  return `[${'#'.repeat(filled)}${'·'.repeat(width - filled)}] ${done}/${counts.total}  ${parts.join(' · ')}${eta}`;
}

export interface ProgressBar {
  update(counts: ProgressCounts): void;
  /** Clears the bar so that other output can be written, then redraws it. */
  around(write: () => void): void;
  stop(): void;
}

const SILENT: ProgressBar = { update: () => {}, around: (write) => write(), stop: () => {} };

export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!stream.isTTY) return SILENT;
  const started = performance.now();
  let counts: ProgressCounts | undefined;
  const draw = () => {
    if (counts) stream.write(`\r\u001b[2K${formatProgress(counts, performance.now() - started).slice(0, Math.max(20, (stream.columns || 80) - 1))}`);
  };
  const clear = () => stream.write('\r\u001b[2K');
  // The estimate moves with time even while no learner finishes.
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    update: (next) => {
      counts = next;
      draw();
    },
    around: (write) => {
      clear();
      write();
      draw();
    },
    stop: () => {
      clearInterval(timer);
      clear();
    },
  };
}
