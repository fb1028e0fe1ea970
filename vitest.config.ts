import { defineConfig } from 'vitest/config';

// Three projects: pure logic ("unit"), the HTTP app on a real database ("server", run once per
// engine by scripts/test.mjs through GZ_TEST_DB), and the built UI in Chromium ("browser").
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['common/**/*.test.ts', 'web/src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
