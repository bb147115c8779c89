import { sharedVitestConfig } from '@shopgraph/testing/vitest-config';
import { mergeConfig } from 'vitest/config';

// End-to-end files each start six processes: one file at a time on 2 cores.
export default mergeConfig(sharedVitestConfig, { test: { maxWorkers: 1, testTimeout: 60_000 } });
