import { createIdentityCodec } from '@shopgraph/identity/identity';
import { createLogger, type Logger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import type { CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import { startCommandSubgraph } from '@shopgraph/command-runtime/start-command-subgraph';
import type { ReviewConfig } from './config.js';
import { createReviewSubgraph } from './create-review-subgraph.js';
import { createShopSource } from './shop-source.js';

/** Runs the review subgraph from its configuration: its clients opened, built, listening (main, and tests that run it whole). */
export async function startReviewSubgraph(config: ReviewConfig, logger: Logger = createLogger('review', config.logLevel)): Promise<CommandSubgraph> {
  const consumerQueue = createRedis(config.queueRedisUrl, 'worker');
  consumerQueue.on('error', (error) => logger.debug({ err: error }, 'queue redis error'));
  const shops = createShopSource({ url: config.shopUrl, identity: createIdentityCodec({ services: config.serviceTokenSecret }), timeoutMs: 30_000 });
  const subgraph = await startCommandSubgraph(config, logger, (clients) => createReviewSubgraph({ ...clients, consumerQueue, shops, logger, settings: config }));
  return {
    ...subgraph,
    async close() {
      await subgraph.close();
      consumerQueue.disconnect();
    },
  };
}
