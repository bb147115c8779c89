import type { Worker } from 'bullmq';
import { REVIEW_SHOPS } from '@shopgraph/events/consumers';
import { startConsumerReconcile, type ConsumerReconcile } from '@shopgraph/consumer-runtime/consumer-reconcile';
import type { RedisClient } from '@shopgraph/redis-client/redis';
import type { Logger } from '@shopgraph/telemetry/logger';
import { createCommandSubgraph, type BuiltCommandSubgraph, type CommandClients, type CommandSubgraphSettings } from '@shopgraph/command-runtime/command-subgraph';
import { startKnownShopsWorker } from './known-shops-worker.js';
import { createKnownShopsReconcile } from './reconcile-known-shops.js';
import type { ShopSource } from './shop-source.js';
import { buildReviewSchema } from './schema.js';

export interface ReviewSubgraphOptions extends CommandClients {
  /** The known-shops consumer's queue connection, a worker's (`createRedis(url, 'worker')`), apart from the relay's fail-fast `queue`. */
  consumerQueue: RedisClient;
  /** The shop subgraph's internal APIs, which the known-shops reconcile pages through. */
  shops: ShopSource;
  logger: Logger;
  /** `reconcileIntervalMs`: time between two known-shops reconciles (REVIEW_SHOPS_RECONCILE_MS); 0: never. */
  settings: CommandSubgraphSettings & { reconcileIntervalMs: number };
}

/**
 * Builds the review subgraph from its clients: its API and outbox relay, its known-shops
 * consumer and that consumer's reconcile, which start once the API listens.
 */
export function createReviewSubgraph({ prisma, queue, consumerQueue, shops, logger, settings }: ReviewSubgraphOptions): BuiltCommandSubgraph {
  const subgraph = createCommandSubgraph({ schema: 'review', graphqlSchema: buildReviewSchema(), prisma, queue, settings, logger });
  const knownShopsLogger = logger.child({ component: 'known-shops' });
  let knownShops: Worker | null = null;
  let reconcile: ConsumerReconcile | null = null;
  return {
    ...subgraph,
    async listen(port, host) {
      const endpoint = await subgraph.listen(port, host);
      knownShops ??= startKnownShopsWorker({ prisma, connection: consumerQueue, prefix: settings.queuePrefix, logger: knownShopsLogger });
      reconcile ??= startConsumerReconcile({
        queue: REVIEW_SHOPS.queue,
        pass: createKnownShopsReconcile({ prisma, source: shops }),
        logger: knownShopsLogger,
        intervalMs: settings.reconcileIntervalMs,
      });
      return endpoint;
    },
    async close() {
      await reconcile?.stop();
      await knownShops?.close();
      await subgraph.close();
    },
  };
}
