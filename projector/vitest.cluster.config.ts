import { clusterVitestConfig } from '@shopgraph/testing/vitest-config';

// The projector's behaviour on a Redis Cluster: projection, recovery, self-healing.
export default clusterVitestConfig(['test/projector.test.ts', 'test/recovery.test.ts', 'test/projector-retry.test.ts', 'test/read-model-keeper.test.ts']);
