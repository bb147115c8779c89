import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { freePort } from '@shopgraph/testing/free-port';
import { startRedisCluster } from '@shopgraph/testing/redis-cluster';
import { TEST_DATABASE_ADMIN_URL } from '@shopgraph/testing/test-database';
// @ts-expect-error -- a plain ES module of the start script, without types
import { preflight } from '../../scripts/lib/preflight.mjs';

const check = preflight as (env: Record<string, string | undefined>) => Promise<string[]>;
const base = { DATABASE_URL: TEST_DATABASE_ADMIN_URL };

describe("npm start's check of PostgreSQL and Redis", () => {
  it('starts a local Redis that is installed but not running', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    expect(await check({ ...base, QUEUE_REDIS_URL: url, READ_MODEL_REDIS_URL: url, THROTTLE_REDIS_URL: url })).toEqual([]);
    const redis = new Redis(url, { retryStrategy: () => null });
    redis.on('error', () => {}); // it goes away with SHUTDOWN
    try {
      expect(await redis.ping()).toBe('PONG');
    } finally {
      await redis.call('SHUTDOWN', 'NOSAVE').catch(() => {}); // the connection drops as it stops
      redis.disconnect();
    }
  });

  it('says in one line per dependency what to run when a remote one does not answer', async () => {
    // 192.0.2.0/24 is TEST-NET-1: never routed.
    const problems = await check({ DATABASE_URL: 'postgresql://postgres@192.0.2.1:5432/shopgraph', QUEUE_REDIS_URL: 'redis://192.0.2.1:6379', READ_MODEL_REDIS_URL: 'redis://192.0.2.1:6379', THROTTLE_REDIS_URL: 'redis://192.0.2.1:6379' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^PostgreSQL at 192\.0\.2\.1:5432 does not answer: start PostgreSQL .* or set DATABASE_URL\.$/);
    expect(problems[1]).toMatch(/^Redis at 192\.0\.2\.1:6379 does not answer: start Redis .*\.$/);
    for (const problem of problems) expect(problem).not.toContain('\n');
  });

  it("takes a Redis Cluster's comma-separated seed nodes, as the services do", async () => {
    const cluster = await startRedisCluster({ masters: 3 });
    try {
      expect(await check({ ...base, QUEUE_REDIS_URL: cluster.url, READ_MODEL_REDIS_URL: cluster.url, THROTTLE_REDIS_URL: cluster.url })).toEqual([]);
    } finally {
      await cluster.stop();
    }
  });

  it('says in one line which seed nodes of a cluster do not answer, and starts no standalone Redis in their place', async () => {
    const [a, b] = [await freePort(), await freePort()];
    const seeds = `redis://127.0.0.1:${a}, redis://127.0.0.1:${b}`;
    const problems = await check({ ...base, QUEUE_REDIS_URL: seeds, READ_MODEL_REDIS_URL: seeds, THROTTLE_REDIS_URL: seeds });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^Redis Cluster seed nodes 127\\.0\\.0\\.1:${a}, 127\\.0\\.0\\.1:${b}: none answers: .*\\.$`));
    const probe = new Redis(a, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => {});
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();
  });

  it('names the variable whose value the services would refuse, in one line, instead of throwing', async () => {
    const problems = await check({ ...base, QUEUE_REDIS_URL: 'redis://127.0.0.1:6379,not a url' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^QUEUE_REDIS_URL: must be a redis:\/\/ URL or a comma-separated list/);
  });
});
