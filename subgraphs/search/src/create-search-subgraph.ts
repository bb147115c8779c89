import { createPrisma } from '@shopgraph/db/create-prisma';
import { SEARCH } from '@shopgraph/events/consumers';
import { startConsumerReconcile } from '@shopgraph/kit/consumer-reconcile';
import { startGraphQLService, type GraphQLService } from '@shopgraph/kit/graphql-service';
import { createIdentityCodec } from '@shopgraph/kit/identity';
import { createLogger, type Logger } from '@shopgraph/kit/logger';
import { createRedis } from '@shopgraph/kit/redis';
import type { SearchConfig } from './config.js';
import { createSearchIndexReconcile } from './reconcile-search-index.js';
import type { SearchContext } from './resolvers.js';
import { buildSearchSchema } from './schema.js';
import { createSearchIndex, type SearchIndex } from './search-index.js';
import { startSearchIndexerWorker } from './search-indexer-worker.js';
import { createShopSource } from './shop-source.js';

export interface SearchSubgraph extends GraphQLService {
  index: SearchIndex;
}

/** Starts the search subgraph: `searchShops` over its own index, the indexer that keeps it from events, and its reconcile. */
export async function startSearchSubgraph(config: SearchConfig, logger: Logger = createLogger('search', config.logLevel)): Promise<SearchSubgraph> {
  const prisma = createPrisma({ databaseUrl: config.databaseUrl });
  // The gateway's key to verify searches, the services' to sign the indexer's reads of shops.
  const identities = createIdentityCodec({ gateway: config.internalTokenSecret, services: config.serviceTokenSecret });
  const source = createShopSource({ url: config.shopUrl, identity: identities });
  const index = createSearchIndex(prisma, source);
  const queueRedis = createRedis(config.queueRedisUrl, 'worker');
  queueRedis.on('error', (error) => logger.debug({ err: error }, 'queue redis error'));
  const indexer = startSearchIndexerWorker({ index, connection: queueRedis, prefix: config.queuePrefix, logger });
  const reconcile = startConsumerReconcile({ queue: SEARCH.queue, pass: createSearchIndexReconcile({ prisma, source, index }), logger, intervalMs: config.reconcileIntervalMs });
  const service = await startGraphQLService<SearchContext>(
    {
      logger,
      schema: buildSearchSchema(),
      identities: identities.verifier('search'),
      introspection: config.introspection,
      requestTimeoutMs: config.requestTimeoutMs,
      maxInFlight: config.maxInFlight,
      shedDelayMs: config.shedDelayMs,
      context: async (_req, base) => ({ ...base, prisma }),
      readiness: { postgres: async () => void (await prisma.$queryRaw`SELECT 1`) },
    },
    config.port,
    config.host,
  );
  logger.info({ url: service.graphqlUrl }, 'search subgraph ready');
  return {
    ...service,
    index,
    async close() {
      await service.close();
      await reconcile.stop();
      await indexer.close();
      queueRedis.disconnect();
      await prisma.$disconnect();
    },
  };
}
