import { clusterVitestConfig } from '@shopgraph/testing/vitest-config';

// The whole owner-to-customer flow again, and live updates, with queues, read model and throttles on a Redis Cluster.
export default clusterVitestConfig(['test/core-flow.test.ts', 'test/live-updates.test.ts'], { maxWorkers: 1, testTimeout: 60_000 });
