import { trace, SpanKind } from '@opentelemetry/api';
import { parseShopChange, shopChangedChannel } from '@shopgraph/events/read-model-changes';
import { histogram, LAG_BUCKETS } from '@shopgraph/kit/metrics';
import { traceContextFrom } from '@shopgraph/kit/trace-context';
import type { Logger } from '@shopgraph/kit/logger';
import { createRedis, redisSeeds, type Redis } from '@shopgraph/kit/redis';
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
 *
 * On a Redis Cluster (several URLs) the changes are plain PUBLISHes, which every node
 * forwards to its own subscribers: one connection to any node hears them all. It is a
 * plain connection to one seed node at a time; when that node is lost (a failover, say)
 * the subscriber moves on to the next seed, so no cluster client's own resubscription
 * hides the gap from the cache.
 */
export function subscribeToReadModelChanges(cache: ResponseCache, redisUrl: string, prefix: string, logger: Logger) {
  const channel = shopChangedChannel(prefix);
  const seeds = redisSeeds(redisUrl);
  const lag = evictionLag();
  const tracer = trace.getTracer('shopgraph-gateway');
  let closed = false;
  let redis: Redis;

  const lost = () => {
    if (!cache.enabled) return;
    cache.disable();
    logger.warn('response cache off: lost the read-model change subscription');
  };
  const onMessage = (_channel: string, message: string) => {
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
  };

  function connect(seed: number): void {
    // One node: reconnect to it for ever. Several: give a node two tries, then the next.
    const retryStrategy = seeds.length === 1 ? undefined : (attempt: number) => (attempt > 2 ? null : 100 * attempt);
    // Subscribing by hand on every `ready` (not ioredis' autoResubscribe) tells exactly when
    // the subscription is live again.
    redis = createRedis(seeds[seed % seeds.length]!, 'worker', { autoResubscribe: false, commandTimeout: undefined, ...(retryStrategy ? { retryStrategy } : {}) }) as Redis;
    redis.on('close', lost);
    redis.on('error', (error) => logger.debug({ err: error }, 'response cache subscriber error'));
    redis.on('end', () => {
      if (!closed) connect(seed + 1);
    });
    redis.on('ready', () => {
      redis.subscribe(channel).then(
        () => {
          cache.enable();
          logger.info({ channel, node: seeds.length > 1 ? seeds[seed % seeds.length] : undefined }, 'response cache on');
        },
        (error: unknown) => {
          logger.warn({ err: error }, 'response cache could not subscribe; reconnecting');
          redis.disconnect(true);
        },
      );
    });
    redis.on('message', onMessage);
  }
  connect(0);

  return {
    close(): void {
      closed = true;
      redis.removeListener('close', lost);
      cache.disable();
      redis.disconnect();
    },
  };
}
