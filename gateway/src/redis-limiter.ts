import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisClient } from '@shopgraph/redis-client/redis';

/** Points allowed per window. */
export interface Throttle {
  points: number;
  seconds: number;
}

/**
 * A limiter on Redis, so every gateway worker and instance counts together; while Redis is
 * down each worker counts alone in memory (the insurance limiter) rather than letting
 * everything through or refusing everyone.
 */
export function redisLimiter(redis: RedisClient, prefix: string, name: string, { points, seconds }: Throttle): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:throttle:${name}`,
    points,
    duration: seconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: seconds }),
  });
}
