import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { freePort } from '@shopgraph/testing/private-redis';
// @ts-expect-error -- a plain ES module of the start script, without types
import { preflight } from '../../scripts/lib/preflight.mjs';

const check = preflight as (env: Record<string, string | undefined>) => Promise<string[]>;
const base = { DATABASE_URL: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' };

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
});
