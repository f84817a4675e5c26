// What a reporter is: a small unit that turns graded reports into output. Reporters are looked
// up by name (registry.ts); each knows only the result model, so adding a format touches no other.
import type { GradeReport, Tag } from '../results/schema.js';
import type { Lang } from '../i18n/text.js';

/** Gradescope's visibility values (also used for other platforms that hide tests). */
export const VISIBILITIES = ['hidden', 'after_due_date', 'after_published', 'visible'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Which checks learners see when: by check id first, then by tag, then the default. */
export interface VisibilityPolicy {
  readonly default: Visibility;
  readonly byTag: Readonly<Partial<Record<Tag, Visibility>>>;
  readonly byCheck: Readonly<Record<string, Visibility>>;
}

export const ALL_VISIBLE: VisibilityPolicy = { default: 'visible', byTag: {}, byCheck: {} };

export function visibilityOf(policy: VisibilityPolicy, check: { readonly id: string; readonly tags: readonly Tag[] }): Visibility {
  const byCheck = policy.byCheck[check.id];
  if (byCheck) return byCheck;
  // The most hidden of the check's tags wins: a tag hidden until the due date hides the check.
  const order = VISIBILITIES;
  const byTags = check.tags.map((t) => policy.byTag[t]).filter((v): v is Visibility => v !== undefined);
  return byTags.sort((a, b) => order.indexOf(a) - order.indexOf(b))[0] ?? policy.default;
}

export interface ReporterOptions {
  readonly color: boolean;
  /** The language of the report's own words (labels, headings); checks' messages arrive already in it. */
  readonly lang: Lang;
  readonly verbose: boolean;
  readonly visibility: VisibilityPolicy;
  /** The environment (for reporters that read CI variables such as GITHUB_STEP_SUMMARY). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What one run produced: one report per graded submission (batch: several). */
export interface ReportRun {
  readonly reports: readonly GradeReport[];
  /** A batch: several learners' submissions, not one. */
  readonly batch: boolean;
  /**
   * Several reports that are one learner's submission (an assignment of several exercises graded
   * with --config): platforms that grade one submission at a time (Gradescope) take them as one.
   */
  readonly oneSubmission?: boolean;
  readonly options: ReporterOptions;
}

/** Where a reporter's text goes. */
export type Emission =
  | { readonly to: 'file'; readonly path: string; readonly text: string }
  | { readonly to: 'append'; readonly path: string; readonly text: string }
  | { readonly to: 'stdout'; readonly text: string };

export interface Reporter {
  readonly name: string;
  /** One line for `--help`. */
  readonly description: string;
  /** `required`: only as NAME:FILE; `none`: writes where it must (the terminal, CI's own files); `optional`. */
  readonly file: 'required' | 'none' | 'optional';
  /** Refuses a run it cannot represent (e.g. several learners in one Gradescope file), with the reason. */
  readonly accepts?: (run: ReportRun) => string | undefined;
  emit(run: ReportRun, file: string | undefined): Emission[];
}

/** Thrown for a --format the registry cannot satisfy; shown to the user as-is. */
export class FormatError extends Error {
  override readonly name = 'FormatError';
}
