import { sharedVitestConfig } from '@shopgraph/testing/vitest-config';
import { mergeConfig } from 'vitest/config';

// End-to-end files each start ten processes: one file at a time on 2 cores, and the start of
// ten on a loaded machine takes longer than the shared hook timeout.
export default mergeConfig(sharedVitestConfig, { test: { maxWorkers: 1, testTimeout: 60_000, hookTimeout: 120_000 } });
