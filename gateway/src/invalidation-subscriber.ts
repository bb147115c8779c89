import { trace, SpanKind } from '@opentelemetry/api';
import { parseShopChange, shopChangedChannel } from '@shopgraph/events/read-model-changes';
import { histogram, LAG_BUCKETS } from '@shopgraph/telemetry/metrics';
import { traceContextFrom } from '@shopgraph/telemetry/trace-context';
import type { Logger } from '@shopgraph/telemetry/logger';
import { createRedis, redisSeeds, type Redis } from '@shopgraph/redis-client/redis';
import type { ResponseCache } from './customer-reads/response-cache.js';

const evictionLag = () =>
  histogram({
    name: 'shopgraph_eviction_lag_seconds',
    help: "From a change's commit (its outbox row) to this gateway worker evicting the cached answers it affects",
    buckets: LAG_BUCKETS,
  });

/** What else in the worker follows the read model's announcements (live updates), on the same subscription. */
export interface ChangeListener {
  /** A shop's document changed. */
  changed(change: ReturnType<typeof parseShopChange>): void;
  /** The subscription is live (again): announcements made while it was not were missed. */
  subscribed(): void;
  /** The subscription was lost or stopped answering PING. */
  lost(): void;
}

export interface ReadModelChanges {
  /** Follows the announcements from now on; returns what stops following them. */
  addListener(listener: ChangeListener): () => void;
  /** True while subscribed and answering PING. */
  readonly subscribed: boolean;
  close(): void;
}

export interface SubscriberOptions {
  /**
   * How often the subscription is checked with a PING, ms.
   * @default 1000
   */
  pingIntervalMs?: number;
  /**
   * How long a PING may go unanswered before the subscription counts as lost, ms.
   * @default 1000
   */
  pingTimeoutMs?: number;
}

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
 *
 * A connection can also stop delivering without closing (a paused node, a partition that
 * drops packets): nothing tells the client, and entries would live up to their maximum
 * age. So the subscriber PINGs (which a subscribed connection may do) every
 * `pingIntervalMs`; with no answer within `pingTimeoutMs`, the cache is turned off and the
 * connection replaced. The cache comes back on, empty, once a new subscription is live.
 * During such a stall answers may be stale for up to the interval plus the timeout.
 *
 * One subscription per worker: other followers (live updates) add a listener to it rather
 * than subscribing again, and hear of losses and returns the same way. `cache` is null when
 * the response cache is off and only listeners follow. The connection is named
 * `shopgraph-gateway-changes:<prefix>` (CLIENT LIST), so operators and tests can find it.
 */
export function subscribeToReadModelChanges(cache: ResponseCache | null, redisUrl: string, prefix: string, logger: Logger, { pingIntervalMs = 1000, pingTimeoutMs = 1000 }: SubscriberOptions = {}): ReadModelChanges {
  const channel = shopChangedChannel(prefix);
  const seeds = redisSeeds(redisUrl);
  const lag = evictionLag();
  const tracer = trace.getTracer('shopgraph-gateway');
  let closed = false;
  let redis: Redis;
  let watchdog: NodeJS.Timeout | undefined;
  let subscribed = false;
  const listeners = new Set<ChangeListener>();
  // A listener's failure must not stop the cache's eviction nor another listener.
  const tell = (event: 'subscribed' | 'lost') => {
    for (const listener of listeners) {
      try {
        listener[event]();
      } catch (error) {
        logger.error({ err: error }, `read-model change listener failed on ${event}`);
      }
    }
  };

  const lost = () => {
    if (subscribed) {
      subscribed = false;
      tell('lost');
    }
    if (!cache?.enabled) return;
    cache.disable();
    logger.warn('response cache off: lost the read-model change subscription');
  };
  const onMessage = (_channel: string, message: string) => {
    const change = parseShopChange(message);
    if (cache) {
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
    }
    // After the eviction: a listener that reads the shop again reads past the cache's old answer.
    for (const listener of listeners) {
      try {
        listener.changed(change);
      } catch (error) {
        logger.error({ err: error, shopId: change.shopId }, 'read-model change listener failed');
      }
    }
  };

  const unwatch = () => {
    clearInterval(watchdog);
    watchdog = undefined;
  };
  /** PINGs a live subscription; one PING unanswered in time ends the connection. */
  function watch(connection: Redis): void {
    unwatch();
    let pending = false;
    watchdog = setInterval(() => {
      if (pending) return;
      pending = true;
      const stalled = () => {
        if (!pending || connection !== redis || closed) return;
        unwatch();
        if (subscribed) {
          subscribed = false;
          tell('lost');
        }
        if (cache?.enabled) {
          cache.disable();
          logger.warn({ pingTimeoutMs }, 'response cache off: the read-model change subscription stopped answering PING');
        }
        // Ends this connection; `end` opens a new one (to the next seed, if there are several).
        connection.disconnect();
      };
      // Decided after the event loop's next poll for I/O: a worker whose loop was blocked past
      // the timeout may hold the PONG unread, and must not take its own delay for a stall.
      const timeout = setTimeout(() => setImmediate(stalled), pingTimeoutMs);
      timeout.unref();
      connection.ping().then(
        () => {
          clearTimeout(timeout);
          pending = false;
        },
        // A closed connection rejects its pending PING: `close` has already turned the cache off.
        () => clearTimeout(timeout),
      );
    }, pingIntervalMs);
    watchdog.unref();
  }

  function connect(seed: number): void {
    // One node: reconnect to it for ever. Several: give a node two tries, then the next.
    const retryStrategy = seeds.length === 1 ? undefined : (attempt: number) => (attempt > 2 ? null : 100 * attempt);
    // Subscribing by hand on every `ready` (not ioredis' autoResubscribe) tells exactly when
    // the subscription is live again.
    redis = createRedis(seeds[seed % seeds.length]!, 'worker', {
      autoResubscribe: false,
      commandTimeout: undefined,
      connectionName: `shopgraph-gateway-changes:${prefix}`,
      ...(retryStrategy ? { retryStrategy } : {}),
    }) as Redis;
    redis.on('close', lost);
    redis.on('close', unwatch);
    redis.on('error', (error) => logger.debug({ err: error }, 'response cache subscriber error'));
    redis.on('end', () => {
      if (!closed) connect(seed + 1);
    });
    const connection = redis;
    redis.on('ready', () => {
      connection.subscribe(channel).then(
        () => {
          cache?.enable();
          watch(connection);
          subscribed = true;
          tell('subscribed');
          logger.info({ channel, node: seeds.length > 1 ? seeds[seed % seeds.length] : undefined }, cache ? 'response cache on' : 'following read-model changes');
        },
        (error: unknown) => {
          logger.warn({ err: error }, 'response cache could not subscribe; reconnecting');
          connection.disconnect(true);
        },
      );
    });
    redis.on('message', onMessage);
  }
  connect(0);

  return {
    addListener(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get subscribed() {
      return subscribed;
    },
    close(): void {
      closed = true;
      unwatch();
      redis.removeListener('close', lost);
      cache?.disable();
      listeners.clear();
      redis.disconnect();
    },
  };
}
