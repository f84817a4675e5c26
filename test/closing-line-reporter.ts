// Adds the plain closing line CI reads ("N passed, N failed, N skipped") after vitest's own report.
import type { Reporter, TestModule } from 'vitest/node';

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const count = (state: 'passed' | 'failed' | 'skipped') => testModules.reduce((sum, m) => sum + [...m.children.allTests(state)].length, 0);
    const brokenModules = testModules.filter((m) => m.state() === 'failed' && [...m.children.allTests()].length === 0).length;
    const failed = count('failed') + brokenModules + unhandledErrors.length;
    process.stdout.write(`\ntests: ${count('passed')} passed, ${failed} failed, ${count('skipped')} skipped\n`);
  }
}
