import { startRedisCluster } from './redis-cluster.js';

/**
 * vitest globalSetup of the cluster runs (`vitest.cluster.config.ts`): starts a real
 * 3-master Redis Cluster for the run and points TEST_REDIS_URL at its nodes, so the same
 * test files that run on one Redis run on the cluster. Workers are forked after this
 * runs and inherit the variable.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const cluster = await startRedisCluster({ masters: 3 });
  process.env.TEST_REDIS_URL = cluster.url;
  process.env.TEST_REDIS_CLUSTER = '1';
  return () => cluster.stop();
}
