import { Redis, type RedisOptions } from 'ioredis';

export type { Redis } from 'ioredis';

/**
 * How a connection is used decides how it behaves while Redis is down:
 * - `worker`: BullMQ workers block on Redis and must retry forever
 *   (`maxRetriesPerRequest: null`, required by BullMQ);
 * - `producer`: fails fast, so a request never hangs on a Redis outage (the
 *   outbox keeps the event);
 * - `read-model`: fails fast too; the caller decides what to serve instead.
 *
 * "Fails fast" is a short command timeout rather than `enableOfflineQueue: false`:
 * the timeout also covers commands queued while disconnected, and commands issued
 * while the first connection is being made are not refused.
 */
export type RedisRole = 'worker' | 'producer' | 'read-model';

export function createRedis(url: string, role: RedisRole, overrides: RedisOptions = {}): Redis {
  const failFast = role !== 'worker';
  return new Redis(url, {
    maxRetriesPerRequest: failFast ? 1 : null,
    connectTimeout: 2000,
    commandTimeout: failFast ? 2000 : undefined,
    // Reconnect quickly, but back off to 2 s so a long outage is not a busy loop.
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    lazyConnect: false,
    ...overrides,
  });
}

/** Resolves once the connection is ready (or rejects after the timeout). */
export async function redisReady(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}
