// `--format html:FILE`: the learners' report as one self-contained page. A batch is one page too:
// a summary table, then a section per submission.
import type { Reporter } from '../reporter.js';
import { renderBatchPage, renderReportPage } from './page.js';

export const htmlReporter: Reporter = {
  name: 'html',
  description: 'a self-contained HTML page for learners: score, checks by role and tag, each transcript as a sequence diagram',
  file: 'required',
  emit: (run, file) => {
    const only = run.reports.length === 1 && !run.batch ? run.reports[0] : undefined;
    const text = only ? renderReportPage(only, run.options.lang) : renderBatchPage(run.reports, run.options.lang);
    return [{ to: 'file', path: file!, text }];
  },
};
