import { createPrisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { createAuthTokens } from '@shopgraph/kit/auth-token';
import { startGraphQLService, type GraphQLService } from '@shopgraph/kit/graphql-service';
import { createIdentityCodec, IDENTITY_HEADER } from '@shopgraph/kit/identity';
import { createLogger, type Logger } from '@shopgraph/kit/logger';
import { createCommandOutbox } from '@shopgraph/outbox/command-outbox';
import type { OwnerConfig } from './config.js';
import type { OwnerContext } from './context.js';
import { buildOwnerSchema } from './schema.js';

export interface OwnerSubgraph extends GraphQLService {
  prisma: PrismaClient;
}

/** Starts the owner subgraph: its GraphQL API and its outbox relay. */
export async function startOwnerSubgraph(config: OwnerConfig, logger: Logger = createLogger('owner', config.logLevel)): Promise<OwnerSubgraph> {
  const prisma = createPrisma({ databaseUrl: config.databaseUrl });
  const outbox = createCommandOutbox({
    prisma,
    schema: 'owner',
    redisUrl: config.queueRedisUrl,
    prefix: config.queuePrefix,
    logger,
  });
  const identities = createIdentityCodec(config.internalTokenSecret);
  const tokens = createAuthTokens(config.jwtSecret);
  const service = await startGraphQLService<OwnerContext>(
    {
      logger,
      schema: buildOwnerSchema(),
      context: async (req, base) => ({
        ...base,
        identity: await identities.verify(req.headers[IDENTITY_HEADER]),
        prisma,
        tokens,
        eventsCommitted: outbox.relay.wake,
      }),
      readiness: {
        postgres: async () => void (await prisma.$queryRaw`SELECT 1`),
        outbox: outbox.status,
      },
    },
    config.port,
    config.host,
  );
  outbox.start();
  logger.info({ url: service.graphqlUrl }, 'owner subgraph ready');
  return {
    ...service,
    prisma,
    async close() {
      await service.close();
      await outbox.close();
      await prisma.$disconnect();
    },
  };
}
