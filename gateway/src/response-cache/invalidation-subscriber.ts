import { trace, SpanKind } from '@opentelemetry/api';
import { parseShopChange, shopChangedChannel } from '@shopgraph/events/read-model-changes';
import { histogram, LAG_BUCKETS } from '@shopgraph/kit/metrics';
import { traceContextFrom } from '@shopgraph/kit/trace-context';
import type { Logger } from '@shopgraph/kit/logger';
import { createRedis } from '@shopgraph/kit/redis';
import type { ResponseCache } from './response-cache.js';

const evictionLag = () =>
  histogram({
    name: 'shopgraph_eviction_lag_seconds',
    help: "From a change's commit (its outbox row) to this gateway worker evicting the cached answers it affects",
    buckets: LAG_BUCKETS,
  });

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
  const lag = evictionLag();
  const tracer = trace.getTracer('shopgraph-gateway');
  redis.on('message', (_channel: string, message: string) => {
    const change = parseShopChange(message);
    if (change.traceContext) {
      // The eviction is the last step of the change's trace (request → outbox → job → write).
      tracer.startActiveSpan('response-cache evict', { kind: SpanKind.CONSUMER, attributes: { 'shopgraph.shop_id': change.shopId } }, traceContextFrom(change.traceContext), (span) => {
        cache.invalidate(change.shopId);
        span.end();
      });
    } else {
      cache.invalidate(change.shopId);
    }
    if (change.recordedAt !== undefined) lag.observe(Math.max(0, Date.now() - change.recordedAt) / 1000);
  });
  return {
    close(): void {
      redis.removeListener('close', lost);
      cache.disable();
      redis.disconnect();
    },
  };
}
