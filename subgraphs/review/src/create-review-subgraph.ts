import { REVIEW_SHOPS } from '@shopgraph/events/consumers';
import { startConsumerReconcile } from '@shopgraph/kit/consumer-reconcile';
import { createIdentityCodec } from '@shopgraph/kit/identity';
import { createLogger, type Logger } from '@shopgraph/kit/logger';
import { createRedis } from '@shopgraph/kit/redis';
import { startCommandSubgraph, type CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import type { ReviewConfig } from './config.js';
import { startKnownShopsWorker } from './known-shops-worker.js';
import { createKnownShopsReconcile } from './reconcile-known-shops.js';
import { createShopSource } from './shop-source.js';
import { buildReviewSchema } from './schema.js';

/** Starts the review subgraph: its API, its outbox relay, its known-shops consumer and that consumer's reconcile. */
export async function startReviewSubgraph(
  config: ReviewConfig,
  logger: Logger = createLogger('review', config.logLevel),
): Promise<CommandSubgraph> {
  const subgraph = await startCommandSubgraph({ schema: 'review', graphqlSchema: buildReviewSchema(), config, logger });
  const knownShopsLogger = logger.child({ component: 'known-shops' });
  const queueRedis = createRedis(config.queueRedisUrl, 'worker');
  queueRedis.on('error', (error) => knownShopsLogger.debug({ err: error }, 'queue redis error'));
  const knownShops = startKnownShopsWorker({
    prisma: subgraph.prisma,
    connection: queueRedis,
    prefix: config.queuePrefix,
    logger: knownShopsLogger,
  });
  const source = createShopSource({ url: config.shopUrl, identity: createIdentityCodec({ services: config.serviceTokenSecret }), timeoutMs: 30_000 });
  const reconcile = startConsumerReconcile({
    queue: REVIEW_SHOPS.queue,
    pass: createKnownShopsReconcile({ prisma: subgraph.prisma, source }),
    logger: knownShopsLogger,
    intervalMs: config.reconcileIntervalMs,
  });
  return {
    ...subgraph,
    async close() {
      await reconcile.stop();
      await knownShops.close();
      queueRedis.disconnect();
      await subgraph.close();
    },
  };
}
