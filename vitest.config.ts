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
          include: ['server/**/*.test.ts', 'bench/**/*.test.ts'],
          // Cheap password hashes for the demo accounts every test file creates (see auth/password.ts).
          env: { GZ_SCRYPT_N: '1024' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          env: { GZ_SCRYPT_N: '1024' },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
