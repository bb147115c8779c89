import { clusterVitestConfig } from '@shopgraph/testing/vitest-config';

// Customer reads from a read model on a Redis Cluster.
export default clusterVitestConfig(['test/display-subgraph.test.ts']);
