// gradebook.csv: a row per learner folder (sorted by name), a column per exercise, the total, the
// maximum and a status ("ok", or why something could not be graded). Drawn from the learners'
// rows alone, so a merge of shards writes exactly what one run over every folder writes.
import { render, type Lang } from '../i18n/text.js';
import type { Problem } from './outcome.js';

export interface ExerciseScore {
  readonly score: number;
  readonly maxScore: number;
}

/** One learner's line, as the batch keeps it (state/<learner>.json). */
export interface GradebookRow {
  readonly learner: string;
  readonly scores: Readonly<Record<string, ExerciseScore>>;
  readonly problems: readonly Problem[];
}

/** A gradebook column: an exercise and what it is worth when it could not be graded (0 when unknown). */
export interface Column {
  readonly id: string;
  readonly maxScore: number;
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Scores as short decimals (0.5, 11, 2.25): no float noise, the same text on every machine. */
function number(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/**
 * The columns: the assignment's exercises in its order, or, without one, every exercise some
 * learner was graded on, by id.
 */
export function columnsOf(rows: readonly GradebookRow[], assignment: readonly Column[] | undefined): readonly Column[] {
  if (assignment) return assignment;
  return [...new Set(rows.flatMap((r) => Object.keys(r.scores)))].sort().map((id) => ({ id, maxScore: 0 }));
}

export function formatGradebook(rows: readonly GradebookRow[], assignment: readonly Column[] | undefined, lang: Lang): string {
  const columns = columnsOf(rows, assignment);
  const lines = [['learner', ...columns.map((c) => c.id), 'total', 'max', 'status']];
  for (const row of [...rows].sort((a, b) => (a.learner < b.learner ? -1 : a.learner > b.learner ? 1 : 0))) {
    let total = 0;
    let max = 0;
    const cells = columns.map((column) => {
      const graded = row.scores[column.id];
      total += graded?.score ?? 0;
      max += graded?.maxScore ?? column.maxScore;
      return graded ? number(graded.score) : '';
    });
    const status = row.problems.length ? row.problems.map((p) => render(p.reason, lang)).join('; ') : 'ok';
    lines.push([row.learner, ...cells, number(total), number(max), status]);
  }
  return lines.map((cells) => cells.map(csvField).join(',') + '\r\n').join('');
}
