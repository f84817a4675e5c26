// A one-line progress report on stderr while checks run ("grading: 5/12 checks, 1 failed — echoes
// 3 MiB…"), redrawn in place, only on a terminal: a pipe or a log gets nothing. It is cleared
// before anything else is printed, so reports never share a line with it.
import type { CheckResult } from '../results/schema.js';
import { render, t, type Lang } from '../i18n/text.js';

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** More checks to run (a submission's, once its checks are known). */
  add(checks: number): void;
  /** A check finished. */
  done(result: CheckResult): void;
  /** Removes the line (before printing a report); the next `done` draws it again. */
  clear(): void;
}

const CLEAR_LINE = '\r\u001b[2K';

function progressText(finished: number, total: number, failed: number, last: string) {
  return failed
    ? t(`grading: ${finished}/${total} checks, ${failed} failed — ${last}`, `评分中：${finished}/${total} 项检查，${failed} 项未通过 — ${last}`)
    : t(`grading: ${finished}/${total} checks — ${last}`, `评分中：${finished}/${total} 项检查 — ${last}`);
}

export function createProgress(stream: ProgressStream, enabled: boolean = stream.isTTY === true, lang: Lang = 'en'): Progress {
  let total = 0;
  let finished = 0;
  let failed = 0;
  let shown = false;
  const draw = (last: string) => {
    const line = render(progressText(finished, total, failed, last), lang);
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`${CLEAR_LINE}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    shown = true;
  };
  return {
    add: (checks) => {
      total += checks;
    },
    done: (result) => {
      finished++;
      if (result.status === 'failed' || result.status === 'errored') failed++;
      if (enabled) draw(result.title);
    },
    clear: () => {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}
