import { defineConfig } from 'vitest/config';

// One runner, four projects: pure unit tests; the API suite twice, once per database; and
// the end-to-end suite in real Chromium against real LiveKit. All run with TZ=UTC so any
// time-zone behaviour a test relies on is stated in the test itself.
process.env.TZ = 'UTC';

const apiProject = (db: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: {
    name: `api-${db}`,
    include: ['apps/api/test/**/*.test.ts'],
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
      apiProject('pglite'),
      apiProject('postgres'),
      {
        extends: true,
        test: {
          name: 'e2e',
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
