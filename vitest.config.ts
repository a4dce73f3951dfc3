import { defineConfig } from 'vitest/config';

/**
 * Two projects on one pool of two workers (two cores; tfjs state is per process anyway):
 *
 * - unit: test/unit, ~95 small files, run without isolation. Each isolated file paid ~2 s to
 *   load tfjs and start its wasm backend again (186 s of setup for 124 s of tests); unshared
 *   they take 80 s instead of 200. The files start from the setup file's backend and count
 *   tensors as differences, so they do not see one another.
 * - the rest (workers, CLI, Chromium end to end, Storybook, benches): isolated, each file its
 *   own process state, as they start workers, servers and browsers.
 */
const shared = {
  environment: 'node' as const,
  setupFiles: ['test/setup/backend.ts'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**'],
        },
      },
    ],
  },
});
