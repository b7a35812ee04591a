import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Golden and e2e tests decode real audio and drive real processes: generous but bounded.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    // CI also writes a JSON summary (GENRESCOPE_TEST_RESULTS) so .ci/run can print a plain count line.
    reporters: process.env.GENRESCOPE_TEST_RESULTS ? ['default', ['json', { outputFile: process.env.GENRESCOPE_TEST_RESULTS }]] : ['default'],
  },
});
