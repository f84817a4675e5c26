// Every report format by name, and the parsing of `--format NAME[:FILE],…`. Adding a format is a
// file with a Reporter and a line here.
import { githubReporter } from './github.js';
import { htmlReporter } from './html/reporter.js';
import { gradescopeReporter } from './gradescope.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { prairielearnReporter } from './prairielearn.js';
import { FormatError, VISIBILITIES, type Reporter, type Visibility, type VisibilityPolicy } from './reporter.js';
import { terminalReporter } from './terminal.js';
import { TAGS, type Tag } from '../results/schema.js';

export const reporters: Readonly<Record<string, Reporter>> = Object.fromEntries(
  [terminalReporter, jsonReporter, junitReporter, gradescopeReporter, prairielearnReporter, githubReporter, htmlReporter].map((r) => [r.name, r]),
);

/** A reporter asked for, and where it writes. */
export interface ReporterRequest {
  readonly reporter: Reporter;
  readonly file?: string;
}

/** `terminal,junit:out.xml,prairielearn:results.json` → requests; a bad entry is a FormatError. */
export function parseFormats(spec: string): ReporterRequest[] {
  const requests: ReporterRequest[] = [];
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    const name = colon < 0 ? entry : entry.slice(0, colon);
    const file = colon < 0 ? undefined : entry.slice(colon + 1);
    const reporter = reporters[name];
    if (!reporter) throw new FormatError(`unknown format ${JSON.stringify(name)}; known: ${Object.keys(reporters).join(', ')}`);
    if (file === '') throw new FormatError(`--format ${name}: give a file after the colon, e.g. ${name}:out`);
    if (reporter.file === 'required' && file === undefined) throw new FormatError(`--format ${name} writes a file: use ${name}:FILE`);
    if (reporter.file === 'none' && file !== undefined) throw new FormatError(`--format ${name} takes no file`);
    requests.push(file === undefined ? { reporter } : { reporter, file });
  }
  if (requests.length === 0) throw new FormatError('--format needs at least one format, e.g. --format terminal,junit:out.xml');
  return requests;
}

/**
 * `--visibility default=visible,partial=after_due_date,server-echoes-oversize=hidden`: keys are
 * `default`, a tag, or a check id; values Gradescope's hidden | after_due_date | after_published | visible.
 */
export function parseVisibility(spec: string | undefined, base?: VisibilityPolicy): VisibilityPolicy {
  // A course config's policy may be the base: the command line's entries override it.
  let policy: { default: Visibility; byTag: Partial<Record<Tag, Visibility>>; byCheck: Record<string, Visibility> } = { default: base?.default ?? 'visible', byTag: { ...base?.byTag }, byCheck: { ...base?.byCheck } };
  for (const entry of (spec ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [key, value] = entry.split('=', 2).map((s) => s.trim());
    if (!key || !value || !(VISIBILITIES as readonly string[]).includes(value)) {
      throw new FormatError(`--visibility ${JSON.stringify(entry)}: write KEY=VALUE with VALUE one of ${VISIBILITIES.join(', ')} (KEY: default, a tag, or a check id)`);
    }
    const visibility = value as Visibility;
    if (key === 'default') policy = { ...policy, default: visibility };
    else if ((TAGS as readonly string[]).includes(key)) policy.byTag[key as Tag] = visibility;
    else policy.byCheck[key] = visibility;
  }
  return policy;
}
