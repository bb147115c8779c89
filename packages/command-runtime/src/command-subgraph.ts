import type { ReplicaWait } from '@shopgraph/kit/env';
import type { GraphQLSchema } from 'graphql';
import { createPrisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { startGraphQLService, type GraphQLService, type RequestContext } from '@shopgraph/kit/graphql-service';
import { createIdentityCodec } from '@shopgraph/kit/identity';
import type { Logger } from '@shopgraph/kit/logger';
import { createCommandOutbox, type CommandOutbox } from './command-outbox.js';

/** What every command subgraph's resolvers get. */
export interface CommandContext extends RequestContext {
  prisma: PrismaClient;
  /** Publish events written by this request's transaction without waiting for the next poll. */
  eventsCommitted(): void;
}

export interface CommandSubgraphOptions<C extends CommandContext> {
  /** Its PostgreSQL schema, which holds its outbox table. */
  schema: 'owner' | 'shop' | 'review';
  graphqlSchema: GraphQLSchema;
  config: {
    port: number;
    host: string;
    databaseUrl: string;
    queueRedisUrl: string;
    queuePrefix: string;
    queueReplicaWait?: ReplicaWait;
    /** The gateway's key: customers' and owners' identities. */
    internalTokenSecret: string;
    /** The services' key: `service:*` identities (SERVICE_TOKEN_SECRET). */
    serviceTokenSecret: string;
    introspection: boolean;
    requestTimeoutMs: number;
    maxInFlight: number;
    shedDelayMs: number;
  };
  logger: Logger;
  /** Adds the subgraph's own members to the common context. */
  extendContext?: (base: CommandContext) => C;
}

export interface CommandSubgraph extends GraphQLService {
  prisma: PrismaClient;
  outbox: CommandOutbox;
}

/**
 * Starts a command subgraph: its GraphQL API over its own PostgreSQL schema, and the
 * relay that publishes its outbox. Every request must carry a signed identity (`identityGuard`).
 */
export async function startCommandSubgraph<C extends CommandContext>(options: CommandSubgraphOptions<C>): Promise<CommandSubgraph> {
  const { config, logger } = options;
  const prisma = createPrisma({ databaseUrl: config.databaseUrl });
  const outbox = createCommandOutbox({
    prisma,
    schema: options.schema,
    redisUrl: config.queueRedisUrl,
    prefix: config.queuePrefix,
    replicaWait: config.queueReplicaWait,
    logger,
  });
  const extend = options.extendContext ?? ((base: CommandContext) => base as C);
  const service = await startGraphQLService<C>(
    {
      logger,
      schema: options.graphqlSchema,
      identities: createIdentityCodec({ gateway: config.internalTokenSecret, services: config.serviceTokenSecret }).verifier(options.schema),
      introspection: config.introspection,
      requestTimeoutMs: config.requestTimeoutMs,
      maxInFlight: config.maxInFlight,
      shedDelayMs: config.shedDelayMs,
      context: async (_req, base) =>
        extend({
          ...base,
          prisma,
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
  logger.info({ url: service.graphqlUrl }, `${options.schema} subgraph ready`);
  return {
    ...service,
    prisma,
    outbox,
    async close() {
      await service.close();
      await outbox.close();
      await prisma.$disconnect();
    },
  };
}
