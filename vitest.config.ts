import { defineConfig } from 'vitest/config';

// Two projects: the unit and chart tests run first, in parallel workers; the few slow
// end-to-end checks (real pre-commit, helm plugin install, kubectl conformance, the bundled
// Action) run after them. The slowest files are printed at the end of every run.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/support/fast-check-seed.ts'],
    reporters: ['default', './test/support/slowest-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts', 'rules/**/*.test.ts'], exclude: ['test/e2e/**'], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
