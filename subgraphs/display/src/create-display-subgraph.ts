import { startGraphQLService, type GraphQLService } from '@shopgraph/kit/graphql-service';
import { createIdentityCodec } from '@shopgraph/kit/identity';
import { createLogger, type Logger } from '@shopgraph/kit/logger';
import { createRedis, redisReady } from '@shopgraph/kit/redis';
import type { DisplayConfig } from './config.js';
import { createShopLoader, type DisplayContext } from './context.js';
import { createLastKnownDocuments } from './last-known-documents.js';
import { createReadModelStore } from '@shopgraph/read-model';
import { buildDisplaySchema } from './schema.js';
import { validUntilPlugin } from './valid-until-plugin.js';

/**
 * Starts the display subgraph: customer reads answered from the read model in Redis
 * alone, so they keep working while the command side or PostgreSQL is down.
 */
export async function startDisplaySubgraph(
  config: DisplayConfig,
  logger: Logger = createLogger('display', config.logLevel),
): Promise<GraphQLService> {
  const redis = createRedis(config.readModelRedisUrl, 'read-model');
  redis.on('error', (error) => logger.debug({ err: error }, 'read model redis error'));
  // Reads answer at once while Redis is down (from the last known documents), so give
  // the first connection a moment before taking requests; start anyway if Redis is down.
  await redisReady(redis, 5000).catch(() => logger.warn('read model Redis not reachable yet; starting anyway'));
  const store = createReadModelStore({ redis, prefix: config.readModelPrefix });
  const lastKnown = createLastKnownDocuments({ max: config.lastKnownMax, maxAgeMs: config.lastKnownMaxAgeMs });
  const service = await startGraphQLService<DisplayContext>(
    {
      logger,
      schema: buildDisplaySchema(),
      identities: createIdentityCodec({ gateway: config.internalTokenSecret }).verifier('display'),
      introspection: config.introspection,
      requestTimeoutMs: config.requestTimeoutMs,
      maxInFlight: config.maxInFlight,
      shedDelayMs: config.shedDelayMs,
      plugins: [validUntilPlugin()],
      context: async (_req, base) => ({ ...base, shops: createShopLoader(store, lastKnown, base.logger), maxShops: config.maxShops, shopsAsked: 0 }),
      readiness: {
        readModel: async () => void (await redis.ping()),
        // Informational: a read model being rebuilt (no generation marker yet) is still served.
        readModelGeneration: async () => (await store.generation()) ?? { state: 'missing: the projectors are rebuilding it' },
      },
    },
    config.port,
    config.host,
  );
  logger.info({ url: service.graphqlUrl }, 'display subgraph ready');
  return {
    ...service,
    async close() {
      await service.close();
      redis.disconnect();
    },
  };
}
