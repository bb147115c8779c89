import { clusterVitestConfig } from '@shopgraph/testing/vitest-config';

// The read model's behaviour on a Redis Cluster: bulk reads, projection, recovery.
export default clusterVitestConfig(['test/display-subgraph.test.ts', 'test/projector.test.ts', 'test/recovery.test.ts', 'test/projector-retry.test.ts', 'test/read-model-keeper.test.ts']);
