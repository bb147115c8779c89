import { clusterVitestConfig } from '@shopgraph/testing/vitest-config';

// The serving store on a Redis Cluster: every script on one slot, the campaign's or the area's.
export default clusterVitestConfig(['test/ads-store.test.ts']);
