import { shopChangedChannel } from '@shopgraph/events/read-model-changes';
import type { Logger } from '@shopgraph/kit/logger';
import { createRedis } from '@shopgraph/kit/redis';
import type { ResponseCache } from './response-cache.js';

/**
 * Keeps the response cache in step with the read model: evicts on every change the read
 * model announces, and caches only while subscribed. Pub/sub does not replay what was
 * published while a subscriber was away, so on any disconnect the cache is dropped and
 * disabled until the subscription is back.
 */
export function subscribeToReadModelChanges(cache: ResponseCache, redisUrl: string, prefix: string, logger: Logger) {
  const channel = shopChangedChannel(prefix);
  // Subscribing by hand on every `ready` (not ioredis' autoResubscribe) tells exactly when
  // the subscription is live again.
  const redis = createRedis(redisUrl, 'worker', { autoResubscribe: false, commandTimeout: undefined });
  const lost = () => {
    if (!cache.enabled) return;
    cache.disable();
    logger.warn('response cache off: lost the read-model change subscription');
  };
  redis.on('close', lost);
  redis.on('error', (error) => logger.debug({ err: error }, 'response cache subscriber error'));
  redis.on('ready', () => {
    redis.subscribe(channel).then(
      () => {
        cache.enable();
        logger.info({ channel }, 'response cache on');
      },
      (error: unknown) => {
        logger.warn({ err: error }, 'response cache could not subscribe; reconnecting');
        redis.disconnect(true);
      },
    );
  });
  redis.on('message', (_channel: string, shopId: string) => cache.invalidate(shopId));
  return {
    close(): void {
      redis.removeListener('close', lost);
      cache.disable();
      redis.disconnect();
    },
  };
}
