import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/closing-line-reporter.ts'],
    globalSetup: ['./test/stage-root.ts'],
    // Tests spawn real programs and time busy loops: bounded, but not instant.
    testTimeout: 90_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
  },
});
