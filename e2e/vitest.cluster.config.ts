import { clusterVitestConfig } from '@shopgraph/testing/vitest-config';

// The whole owner-to-customer flow again, with queues, read model and throttles on a Redis Cluster.
export default clusterVitestConfig(['test/core-flow.test.ts'], { maxWorkers: 1, testTimeout: 60_000 });
