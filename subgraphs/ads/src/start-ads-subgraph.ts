import { createAdsStore } from '@shopgraph/ads-store/ads-store';
import { shiftedClock, systemClock } from '@shopgraph/ads-store/clock';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import { createLogger, type Logger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { startCommandSubgraph } from '@shopgraph/command-runtime/start-command-subgraph';
import { createShopSource } from '@shopgraph/shop-copy/shop-source';
import type { AdsConfig } from './config.js';
import { createAdsSubgraph } from './create-ads-subgraph.js';

/** Runs the ads subgraph from its configuration: its clients opened, built, listening (main, and tests that run it whole). */
export async function startAdsSubgraph(config: AdsConfig, logger: Logger = createLogger('ads', config.logLevel)): Promise<CommandSubgraph> {
  const consumerQueue = createRedis(config.queueRedisUrl, 'worker');
  consumerQueue.on('error', (error) => logger.debug({ err: error }, 'queue redis error'));
  const shops = createShopSource({ url: config.shopUrl, service: 'ads', identity: createIdentityCodec({ services: config.serviceTokenSecret }), timeoutMs: 30_000 });
  const clock = config.testClock ? shiftedClock() : systemClock;
  const servingStore = createRedis(config.adsRedisUrl, 'read-model');
  servingStore.on('error', (error) => logger.debug({ err: error }, 'serving store redis error'));
  const clicks = createAdsStore({ redis: servingStore, prefix: config.adsStorePrefix }).clickLog;
  const subgraph = await startCommandSubgraph(config, logger, (clients) => createAdsSubgraph({ ...clients, consumerQueue, shops, clicks, logger, settings: config, clock }));
  return {
    ...subgraph,
    async close() {
      await subgraph.close();
      consumerQueue.disconnect();
      servingStore.disconnect();
    },
  };
}
