import type { Worker } from 'bullmq';
import type { PrismaClient } from '@shopgraph/db/create-prisma';
import { SEARCH } from '@shopgraph/events/consumers';
import { startConsumerReconcile, type ConsumerReconcile } from '@shopgraph/consumer-runtime/consumer-reconcile';
import { createShopCopyReconcile } from '@shopgraph/shop-copy/reconcile-shop-copy';
import { startShopCopyWorker } from '@shopgraph/shop-copy/shop-copy-worker';
import { createGraphQLService, type BuiltService, type GraphQLEndpoint } from '@shopgraph/service-shell/graphql-service';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import type { Logger } from '@shopgraph/telemetry/logger';
import type { RedisClient } from '@shopgraph/redis-client/redis';
import type { SearchConfig } from './config.js';
import type { SearchContext } from './context.js';
import { buildSearchSchema } from './schema.js';
import { createSearchIndex, type SearchIndex } from './search-index.js';
import type { ShopSource } from '@shopgraph/shop-copy/shop-source';

export interface SearchSubgraphOptions {
  /** The search system's own PostgreSQL schema, which holds the index. */
  prisma: PrismaClient;
  /** The indexer's queue connection, a worker's (`createRedis(url, 'worker')`). */
  queue: RedisClient;
  /** The shop subgraph's internal APIs, read as the `search` service, from which shops are indexed. */
  shops: ShopSource;
  logger: Logger;
  settings: Omit<SearchConfig, 'port' | 'host' | 'databaseUrl' | 'databasePoolMin' | 'queueRedisUrl' | 'shopUrl'>;
}

/** A search subgraph built, not listening yet (see `BuiltService`). */
export interface BuiltSearchSubgraph extends BuiltService {
  index: SearchIndex;
}

/**
 * Builds the search subgraph from its clients: `searchShops` over its own index, and the
 * indexer that keeps it from events and its reconcile, which start once the API listens.
 */
export function createSearchSubgraph({ prisma, queue, shops, logger, settings }: SearchSubgraphOptions): BuiltSearchSubgraph {
  const index = createSearchIndex(prisma, shops);
  const service = createGraphQLService<SearchContext>({
    name: 'search',
    logger,
    schema: buildSearchSchema(),
    // The gateway's key verifies searches (the services' key signs the indexer's reads of shops).
    identities: createIdentityCodec({ gateway: settings.internalTokenSecret, services: settings.serviceTokenSecret }).verifier('search'),
    introspection: settings.introspection,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxInFlight: settings.maxInFlight,
    shedDelayMs: settings.shedDelayMs,
    context: async (_req, base) => ({ ...base, prisma }),
    readiness: { postgres: async () => void (await prisma.$queryRaw`SELECT 1`) },
  });
  let indexer: Worker | null = null;
  let reconcile: ConsumerReconcile | null = null;
  return {
    index,
    async listen(port, host): Promise<GraphQLEndpoint> {
      indexer ??= startShopCopyWorker({ consumer: SEARCH, copy: index, connection: queue, prefix: settings.queuePrefix, logger });
      reconcile ??= startConsumerReconcile({ queue: SEARCH.queue, pass: createShopCopyReconcile({ source: shops, copy: index }), logger, intervalMs: settings.reconcileIntervalMs });
      const endpoint = await service.listen(port, host);
      logger.info({ url: endpoint.graphqlUrl }, 'search subgraph ready');
      return endpoint;
    },
    async close() {
      await service.close();
      await reconcile?.stop();
      await indexer?.close();
    },
  };
}
