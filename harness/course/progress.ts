// The batch's progress bar: counts and an estimate of the time left, redrawn in place on stderr
// when it is a terminal; nothing at all when stderr is a pipe or a file (CI logs stay clean).
import { render, t, type Lang } from '../i18n/text.js';
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
export function formatProgress(counts: ProgressCounts, elapsedMs: number, width = 24, lang: Lang = 'en'): string {
  const done = counts.graded + counts.resumed + counts.notGraded;
  const filled = counts.total ? Math.round((done / counts.total) * width) : width;
  const gradedNow = counts.graded + counts.notGraded;
  const remaining = counts.total - done;
  // Learners finish `jobs` at a time: the pace so far already counts that.
  const left = duration((elapsedMs / gradedNow) * remaining);
  const eta = gradedNow > 0 && remaining > 0 ? `  ${render(t(`ETA ${left}`, `预计还需 ${left}`), lang)}` : '';
  const parts = [
    t(`${counts.graded} graded`, `已评分 ${counts.graded}`),
    ...(counts.notGraded ? [t(`${counts.notGraded} not graded`, `未评分 ${counts.notGraded}`)] : []),
    ...(counts.resumed ? [t(`${counts.resumed} already graded`, `之前已评分 ${counts.resumed}`)] : []),
  ].map((part) => render(part, lang));
  return `[${'#'.repeat(filled)}${'·'.repeat(width - filled)}] ${done}/${counts.total}  ${parts.join(' · ')}${eta}`;
}

export interface ProgressBar {
  update(counts: ProgressCounts): void;
  /** Clears the bar so that other output can be written, then redraws it. */
  around(write: () => void): void;
  stop(): void;
}

const SILENT: ProgressBar = { update: () => {}, around: (write) => write(), stop: () => {} };

export function createProgressBar(lang: Lang = 'en', stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!stream.isTTY) return SILENT;
  const started = performance.now();
  let counts: ProgressCounts | undefined;
  const draw = () => {
    if (counts) stream.write(`\r\u001b[2K${formatProgress(counts, performance.now() - started, 24, lang).slice(0, Math.max(20, (stream.columns || 80) - 1))}`);
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
