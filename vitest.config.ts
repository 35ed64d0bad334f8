import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Generous: a loaded 2-core machine can take seconds to build a gateway fixture; a hung test still ends.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
