import { shiftedClock, systemClock } from '@shopgraph/ads-store/clock';
import { startService, type GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import { createLogger, type Logger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import type { AdsStore } from '@shopgraph/ads-store/ads-store';
import type { AdsServingConfig } from './config.js';
import { createAdsServing } from './create-ads-serving.js';
import { createAdsSource } from './projection/ads-source.js';

/** The ads serving subgraph listening, with its store (tests drive it). */
export interface AdsServing extends GraphQLService {
  store: AdsStore;
}

/** Runs the ads serving subgraph from its configuration: its clients opened, built, listening (main, and tests that run it whole). */
export async function startAdsServing(config: AdsServingConfig, logger: Logger = createLogger('ads-serving', config.logLevel)): Promise<AdsServing> {
  const redis = createRedis(config.adsRedisUrl, 'read-model');
  redis.on('error', (error) => logger.debug({ err: error }, 'serving store redis error'));
  const queue = createRedis(config.queueRedisUrl, 'worker');
  queue.on('error', (error) => logger.debug({ err: error }, 'queue redis error'));
  const ads = createAdsSource({ url: config.adsUrl, identity: createIdentityCodec({ services: config.serviceTokenSecret }), timeoutMs: 10_000 });
  const serving = createAdsServing({ redis, queue, ads, logger, settings: config, clock: config.testClock ? shiftedClock() : systemClock });
  const running = await startService(serving, config, () => {
    queue.disconnect();
    redis.disconnect();
  });
  return { ...running, store: serving.store };
}
