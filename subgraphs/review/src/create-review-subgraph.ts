import { createLogger, type Logger } from '@shopgraph/kit/logger';
import { startCommandSubgraph, type CommandSubgraph } from '@shopgraph/command-runtime/command-subgraph';
import type { ReviewConfig } from './config.js';
import { startKnownShopsWorker } from './known-shops-worker.js';
import { buildReviewSchema } from './schema.js';

/** Starts the review subgraph: its API, its outbox relay and its known-shops consumer. */
export async function startReviewSubgraph(
  config: ReviewConfig,
  logger: Logger = createLogger('review', config.logLevel),
): Promise<CommandSubgraph> {
  const subgraph = await startCommandSubgraph({ schema: 'review', graphqlSchema: buildReviewSchema(), config, logger });
  const knownShops = startKnownShopsWorker({
    prisma: subgraph.prisma,
    redisUrl: config.queueRedisUrl,
    prefix: config.queuePrefix,
    logger: logger.child({ component: 'known-shops' }),
  });
  return {
    ...subgraph,
    async close() {
      await knownShops.close();
      await subgraph.close();
    },
  };
}
