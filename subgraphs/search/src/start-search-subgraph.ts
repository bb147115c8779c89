import { createPrisma } from '@shopgraph/db/create-prisma';
import { startService, type GraphQLService } from '@shopgraph/service-shell/graphql-service';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import { createLogger, type Logger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import type { SearchConfig } from './config.js';
import { createSearchSubgraph } from './create-search-subgraph.js';
import type { SearchIndex } from './search-index.js';
import { createShopSource } from '@shopgraph/shop-copy/shop-source';

/** The search subgraph listening, with its index (tests and the search benchmark drive it). */
export interface SearchSubgraph extends GraphQLService {
  index: SearchIndex;
}

/** Runs the search subgraph from its configuration: its clients opened, built, listening (main, and tests that run it whole). */
export async function startSearchSubgraph(config: SearchConfig, logger: Logger = createLogger('search', config.logLevel)): Promise<SearchSubgraph> {
  const prisma = createPrisma({ databaseUrl: config.databaseUrl, minConnections: config.databasePoolMin });
  const queue = createRedis(config.queueRedisUrl, 'worker');
  queue.on('error', (error) => logger.debug({ err: error }, 'queue redis error'));
  const shops = createShopSource({ url: config.shopUrl, service: 'search', identity: createIdentityCodec({ services: config.serviceTokenSecret }) });
  const subgraph = createSearchSubgraph({ prisma, queue, shops, logger, settings: config });
  const running = await startService(subgraph, config, async () => {
    queue.disconnect();
    await prisma.$disconnect();
  });
  return { ...running, index: subgraph.index };
}
