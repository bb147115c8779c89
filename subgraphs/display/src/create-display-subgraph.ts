import { createGraphQLService, type BuiltService } from '@shopgraph/service-shell/graphql-service';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import type { Logger } from '@shopgraph/telemetry/logger';
import { redisReady, type RedisClient } from '@shopgraph/redis-client/redis';
import { createReadModelStore } from '@shopgraph/read-model';
import type { DisplayConfig } from './config.js';
import { createShopLoader, type DisplayContext } from './context.js';
import { isCompiledRead } from './compiled-reads.js';
import { createLastKnownDocuments } from './last-known-documents.js';
import { buildDisplaySchema } from './schema.js';
import { validUntilPlugin } from './valid-until-plugin.js';

export interface DisplaySubgraphOptions {
  /** The read model's Redis (`createRedis(url, 'read-model')`); whoever opened it closes it. */
  redis: RedisClient;
  logger: Logger;
  settings: Omit<DisplayConfig, 'port' | 'host' | 'readModelRedisUrl'>;
}

/**
 * Builds the display subgraph from its read-model Redis: customer reads answered from the
 * read model alone, so they keep working while the command side or PostgreSQL is down.
 */
export function createDisplaySubgraph({ redis, logger, settings }: DisplaySubgraphOptions): BuiltService {
  const store = createReadModelStore({ redis, prefix: settings.readModelPrefix });
  const lastKnown = createLastKnownDocuments({ max: settings.lastKnownMax, maxAgeMs: settings.lastKnownMaxAgeMs });
  const schema = buildDisplaySchema();
  const service = createGraphQLService<DisplayContext>({
    name: 'display',
    logger,
    schema,
    identities: createIdentityCodec({ gateway: settings.internalTokenSecret }).verifier('display'),
    introspection: settings.introspection,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxInFlight: settings.maxInFlight,
    shedDelayMs: settings.shedDelayMs,
    plugins: [validUntilPlugin()],
    compiled: isCompiledRead,
    context: async (_req, base) => ({ ...base, shops: createShopLoader(store, lastKnown, base.logger), maxShops: settings.maxShops, shopsAsked: 0 }),
    readiness: {
      readModel: async () => void (await redis.ping()),
      // Informational: a read model being rebuilt (no generation marker yet) is still served.
      readModelGeneration: async () => (await store.generation()) ?? { state: 'missing: the projectors are rebuilding it' },
    },
  });
  return {
    async listen(port, host) {
      // Reads answer at once while Redis is down (from the last known documents), so give
      // the first connection a moment before taking requests; start anyway if Redis is down.
      await redisReady(redis, 5000).catch(() => logger.warn('read model Redis not reachable yet; starting anyway'));
      const endpoint = await service.listen(port, host);
      logger.info({ url: endpoint.graphqlUrl }, 'display subgraph ready');
      return endpoint;
    },
    close: service.close,
  };
}
