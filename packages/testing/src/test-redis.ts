import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test file uses: `t-<label>-<random>` (no `:`, so it also names BullMQ prefixes). */
export function uniquePrefix(label: string): string {
  return `t-${label.replace(/\W/g, '-')}-${randomBytes(4).toString('hex')}`;
}

/**
 * A plain client for test bookkeeping: one URL is a single node, a comma-separated list a
 * cluster's seed nodes (as the services read `*_REDIS_URL`; redis-client's createRedis is not
 * used here because redis-client's own tests depend on this package).
 */
export function testRedisClient(url = TEST_REDIS_URL): Redis | Cluster {
  const seeds = url.split(',');
  if (seeds.length === 1) return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  return new Cluster(
    seeds.map((seed) => ({ host: new URL(seed).hostname, port: Number(new URL(seed).port) })),
    { lazyConnect: true, redisOptions: { maxRetriesPerRequest: 1 } },
  );
}

/**
 * Deletes every key under the prefix (read model documents and BullMQ queues alike), on every
 * master of a cluster; returns how many it deleted (a test's proof that the wipe happened, where
 * reading the keys afterwards would race a process that writes them back).
 */
export async function deleteKeysWithPrefix(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  const redis = testRedisClient(url);
  let deleted = 0;
  try {
    await redis.connect();
    for (const node of redis instanceof Cluster ? redis.nodes('master') : [redis]) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        // One UNLINK per key, through the client that follows redirections: on a cluster,
        // keys of different slots cannot share a command, and slots move in a failover.
        const counts = await Promise.all(keys.map((key) => redis.unlink(key)));
        deleted += counts.reduce((sum, count) => sum + count, 0);
      } while (cursor !== '0');
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}
