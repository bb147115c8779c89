import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The vitest settings every package shares: real PostgreSQL and Redis (a migrated
 * template database once per run), two files at a time on these 2-core machines.
 */
export const sharedVitestConfig = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: [fileURLToPath(new URL('./global-setup.js', import.meta.url))],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    pool: 'forks',
  },
});

/**
 * The same files on a real 3-master Redis Cluster started for the run (see
 * cluster-global-setup.ts): `include` names the files whose behaviour must hold on both.
 */
export function clusterVitestConfig(include: string[], overrides: { maxWorkers?: number; testTimeout?: number } = {}) {
  return defineConfig({
    test: {
      ...sharedVitestConfig.test,
      ...overrides,
      include,
      globalSetup: [...(sharedVitestConfig.test!.globalSetup as string[]), fileURLToPath(new URL('./cluster-global-setup.js', import.meta.url))],
    },
  });
}
