import { configDefaults, defineConfig } from 'vitest/config';

// One runner: pure unit tests; the API suite and the security suite twice each, once per
// database; and the end-to-end suite in real Chromium against real LiveKit. All run with TZ=UTC so any
// time-zone behaviour a test relies on is stated in the test itself.
process.env.TZ = 'UTC';

/** The API suites (and the security suite's API half) run once per database. */
const apiProject = (suite: 'api' | 'security', db: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: {
    name: `${suite}-${db}`,
    include: suite === 'api' ? ['apps/api/test/**/*.test.ts'] : ['apps/api/test/security/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(suite === 'api' ? ['apps/api/test/security/**'] : [])],
    env: { TEST_DB: db },
    globalSetup: ['apps/api/test/global-setup.ts'],
    // API tests start real PGlite, PostgreSQL and LiveKit clients; a busy 2-core machine needs the headroom.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    // A test that prints an error has hidden a failure: console.error fails it.
    setupFiles: ['tests/setup/fail-on-console-error.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'] },
      },
      apiProject('api', 'pglite'),
      apiProject('api', 'postgres'),
      // One test per attack we know of: each proves the attack fails (see README, Security).
      apiProject('security', 'pglite'),
      apiProject('security', 'postgres'),
      {
        extends: true,
        test: {
          name: 'e2e',
          // The security suite's browser half (tests/e2e/security-*.test.ts) runs here too,
          // against the same stack.
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
