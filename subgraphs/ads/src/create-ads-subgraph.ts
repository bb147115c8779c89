import type { Worker } from 'bullmq';
import type { ClickLog } from '@shopgraph/ads-store/click-log';
import { systemClock, type Clock, type ShiftedClock } from '@shopgraph/ads-store/clock';
import { seoulDay } from '@shopgraph/ads-store/seoul-day';
import { testClockRoute } from '@shopgraph/ads-store/test-clock-route';
import { ADS_SHOPS } from '@shopgraph/events/consumers';
import { startConsumerReconcile, type ConsumerReconcile } from '@shopgraph/consumer-runtime/consumer-reconcile';
import type { Logger } from '@shopgraph/telemetry/logger';
import type { RedisClient } from '@shopgraph/redis-client/redis';
import { createCommandSubgraph, type BuiltCommandSubgraph, type CommandClients, type CommandSubgraphSettings } from '@shopgraph/command-runtime/command-subgraph';
import { createShopCopyReconcile } from '@shopgraph/shop-copy/reconcile-shop-copy';
import { startShopCopyWorker } from '@shopgraph/shop-copy/shop-copy-worker';
import type { ShopSource } from '@shopgraph/shop-copy/shop-source';
import { createAdsLoaders } from './ads-loaders.js';
import { startClickRecorder } from './clicks/click-recorder.js';
import type { AdsContext } from './context.js';
import { createKnownShops, type KnownShopsOptions } from './known-shops/known-shops.js';
import { buildAdsSchema } from './schema.js';

export interface AdsSubgraphOptions extends CommandClients {
  /** The known-shops consumer's queue connection, a worker's (`createRedis(url, 'worker')`), apart from the relay's fail-fast `queue`. */
  consumerQueue: RedisClient;
  /** The shop subgraph's internal APIs, read as the `ads` service. */
  shops: ShopSource;
  /** The serving store's record of counted clicks and impressions, which the click recorder moves to PostgreSQL. */
  clicks: ClickLog;
  logger: Logger;
  /** `reconcileIntervalMs`: time between two known-shops reconciles (ADS_SHOPS_RECONCILE_MS); 0: never. */
  settings: CommandSubgraphSettings & { reconcileIntervalMs: number; clickRecordIntervalMs: number };
  /** The time the campaigns' schedules and today's counters are read by; a movable one gets POST /test/clock. @default the system clock */
  clock?: Clock | ShiftedClock;
}

/**
 * Builds the ads subgraph from its clients: owners' campaigns over the `ads` schema with their
 * outbox relay, the ads system's record of shops kept from shop events on its own queue
 * (`ads-shops`) with that record's reconcile, and the click recorder that moves the serving
 * store's counted clicks and impressions into PostgreSQL, which start once the API listens.
 */
export function createAdsSubgraph({ prisma, queue, consumerQueue, shops, clicks, logger, settings, clock = systemClock }: AdsSubgraphOptions): BuiltCommandSubgraph {
  let subgraph: BuiltCommandSubgraph;
  const eventsCommitted: KnownShopsOptions['eventsCommitted'] = (events) => subgraph.outbox.relay.publishCommitted(events);
  const knownShops = createKnownShops({ prisma, source: shops, eventsCommitted });
  subgraph = createCommandSubgraph<AdsContext>({
    schema: 'ads',
    graphqlSchema: buildAdsSchema(),
    prisma,
    queue,
    settings,
    logger,
    routes: 'shift' in clock ? testClockRoute(clock) : undefined,
    extendContext: (base) => ({ ...base, clock, knownShops, loaders: createAdsLoaders(base.prisma, () => seoulDay(clock.now())) }),
  });
  const knownShopsLogger = logger.child({ component: 'known-shops' });
  let worker: Worker | null = null;
  let reconcile: ConsumerReconcile | null = null;
  let recorder: ReturnType<typeof startClickRecorder> | null = null;
  return {
    ...subgraph,
    async listen(port, host) {
      const endpoint = await subgraph.listen(port, host);
      worker ??= startShopCopyWorker({ consumer: ADS_SHOPS, copy: knownShops, concurrency: 32, connection: consumerQueue, prefix: settings.queuePrefix, logger: knownShopsLogger });
      reconcile ??= startConsumerReconcile({
        queue: ADS_SHOPS.queue,
        pass: createShopCopyReconcile({ source: shops, copy: knownShops }),
        logger: knownShopsLogger,
        intervalMs: settings.reconcileIntervalMs,
      });
      recorder ??= startClickRecorder({ prisma, log: clicks, clock, logger: logger.child({ component: 'click-recorder' }), intervalMs: settings.clickRecordIntervalMs });
      return endpoint;
    },
    async close() {
      await recorder?.stop();
      await reconcile?.stop();
      await worker?.close();
      await subgraph.close();
    },
  };
}
