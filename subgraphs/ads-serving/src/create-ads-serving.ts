import type { Worker } from 'bullmq';
import { createAdsStore, type AdsStore } from '@shopgraph/ads-store/ads-store';
import { systemClock, type Clock, type ShiftedClock } from '@shopgraph/ads-store/clock';
import { testClockRoute } from '@shopgraph/ads-store/test-clock-route';
import { ADS_SERVING } from '@shopgraph/events/consumers';
import { startConsumerReconcile, type ConsumerReconcile } from '@shopgraph/consumer-runtime/consumer-reconcile';
import { createGraphQLService, type BuiltService, type GraphQLEndpoint } from '@shopgraph/service-shell/graphql-service';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import type { Logger } from '@shopgraph/telemetry/logger';
import { redisReady, type RedisClient } from '@shopgraph/redis-client/redis';
import { startShopCopyWorker } from '@shopgraph/shop-copy/shop-copy-worker';
import type { AdsServingConfig } from './config.js';
import type { ServingContext } from './context.js';
import type { AdsSource } from './projection/ads-source.js';
import { createServingProjection } from './projection/project-shops.js';
import { createServingStoreReconcile } from './projection/reconcile-serving-store.js';
import { startServingKeeper } from './projection/serving-keeper.js';
import { buildServingSchema } from './schema.js';
import { createRecordClick } from './clicks/record-click.js';
import { isSlateRead } from './serving/compiled-slates.js';
import { createSponsoredShops } from './serving/sponsored-shops.js';
import { createTrackingTokens } from './serving/tracking-token.js';

export interface AdsServingOptions {
  /** The serving store's Redis (`createRedis(url, 'read-model')`: fail fast); whoever opened it closes it. */
  redis: RedisClient;
  /** The projector's queue connection, a worker's (`createRedis(url, 'worker')`). */
  queue: RedisClient;
  /** The ads subgraph's internal API, read as the `ads-serving` service. */
  ads: AdsSource;
  logger: Logger;
  settings: Omit<AdsServingConfig, 'port' | 'host' | 'queueRedisUrl' | 'adsRedisUrl' | 'adsUrl' | 'serviceTokenSecret'>;
  /** @default the system clock; a movable one gets POST /test/clock */
  clock?: Clock | ShiftedClock;
}

/** The ads serving subgraph built, not listening yet (see `BuiltService`). */
export interface BuiltAdsServing extends BuiltService {
  store: AdsStore;
}

/**
 * Builds the ads serving subgraph: the read side of ads, apart from the ads command process.
 * It answers `sponsoredShops` and counts and charges `recordAdClick` from the serving store
 * alone (never PostgreSQL), so slates and clicks go on while PostgreSQL or the ads subgraph is
 * down, and runs the store's projector beside
 * its API: the consumer of the ads events (`ads-serving` queue), its reconcile, and the keeper
 * that rebuilds a lost store, which start once the API listens.
 */
export function createAdsServing({ redis, queue, ads, logger, settings, clock = systemClock }: AdsServingOptions): BuiltAdsServing {
  const store = createAdsStore({ redis, prefix: settings.adsStorePrefix });
  const tokens = createTrackingTokens(settings.trackingTokenSecret);
  const sponsoredShops = createSponsoredShops({ store, tokens, clock });
  const recordClick = createRecordClick({ store, tokens, clock });
  const project = createServingProjection({ source: ads, store, clock });
  const projectorLogger = logger.child({ component: 'serving-projector' });
  const service = createGraphQLService<ServingContext>({
    name: 'ads-serving',
    logger,
    schema: buildServingSchema(),
    // Slates are asked for by the gateway (its key); the projector's reads are signed with the services' key.
    identities: createIdentityCodec({ gateway: settings.internalTokenSecret }).verifier('ads-serving'),
    introspection: settings.introspection,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxInFlight: settings.maxInFlight,
    shedDelayMs: settings.shedDelayMs,
    compiled: isSlateRead,
    routes: 'shift' in clock ? testClockRoute(clock) : undefined,
    context: async (_req, base) => ({ ...base, sponsoredShops, recordClick }),
    readiness: {
      servingStore: async () => void (await redis.ping()),
      // Informational: a store being rebuilt is served as far as it goes.
      servingStoreGeneration: async () => (await store.generation()) ?? { state: 'missing: being rebuilt from the ads system' },
    },
  });
  let worker: Worker | null = null;
  let reconcile: ConsumerReconcile | null = null;
  let keeper: ReturnType<typeof startServingKeeper> | null = null;
  return {
    store,
    async listen(port, host): Promise<GraphQLEndpoint> {
      await redisReady(redis, 5000).catch(() => logger.warn('serving store Redis not reachable yet; starting anyway'));
      worker ??= startShopCopyWorker({ consumer: ADS_SERVING, copy: { copy: (shopIds) => project(shopIds).then(() => undefined) }, concurrency: 32, connection: queue, prefix: settings.queuePrefix, logger: projectorLogger });
      reconcile ??= startConsumerReconcile({ queue: ADS_SERVING.queue, pass: createServingStoreReconcile({ source: ads, store, project }), logger: projectorLogger, intervalMs: settings.reconcileIntervalMs });
      keeper ??= startServingKeeper({ source: ads, store, project, logger: projectorLogger, intervalMs: settings.checkIntervalMs });
      const endpoint = await service.listen(port, host);
      logger.info({ url: endpoint.graphqlUrl }, 'ads serving subgraph ready');
      return endpoint;
    },
    async close() {
      await service.close();
      await keeper?.stop();
      await reconcile?.stop();
      await worker?.close();
    },
  };
}
