import type { GraphQLSchema } from 'graphql';
import type { CommandSystem } from '@shopgraph/events/events';
import type { PrismaClient } from '@shopgraph/db/create-prisma';
import { createGraphQLService, type BuiltService, type GraphQLService, type GraphQLServiceOptions, type RequestContext } from '@shopgraph/service-shell/graphql-service';
import { createIdentityCodec } from '@shopgraph/identity/identity';
import type { Logger } from '@shopgraph/telemetry/logger';
import type { RedisClient, ReplicaWait } from '@shopgraph/redis-client/redis';
import { createCommandOutbox, type CommandOutbox } from './command-outbox.js';
import type { ChangeContext } from './recorded-change.js';

/** What every command subgraph's resolvers get. */
export interface CommandContext extends RequestContext {
  prisma: PrismaClient;
  /** Publishes a committed change's events without waiting for the next poll (see `runRecordedChange`). */
  eventsCommitted: ChangeContext['eventsCommitted'];
}

/** What a command subgraph takes from its configuration, besides its clients. */
export interface CommandSubgraphSettings {
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
}

/** The clients a command subgraph is built with; whoever opened them closes them. */
export interface CommandClients {
  prisma: PrismaClient;
  /** The queue Redis, a fail-fast producer connection (`createRedis(url, 'producer')`), for the outbox relay. */
  queue: RedisClient;
}

export interface CommandSubgraphOptions<C extends CommandContext> extends CommandClients {
  /** Its PostgreSQL schema, which holds its outbox table. */
  schema: CommandSystem;
  graphqlSchema: GraphQLSchema;
  settings: CommandSubgraphSettings;
  logger: Logger;
  /** Adds the subgraph's own members to the common context. */
  extendContext?: (base: CommandContext) => C;
  /** The subgraph's own routes beside /graphql. */
  routes?: GraphQLServiceOptions<C>['routes'];
}

/** A command subgraph built, not listening yet (see `BuiltService`). */
export interface BuiltCommandSubgraph extends BuiltService {
  prisma: PrismaClient;
  outbox: CommandOutbox;
}

/** A command subgraph listening. */
export interface CommandSubgraph extends GraphQLService {
  prisma: PrismaClient;
  outbox: CommandOutbox;
}

/**
 * Builds a command subgraph: its GraphQL API over its own PostgreSQL schema, and the relay
 * that publishes its outbox, which starts once the API listens. Every request must carry a
 * signed identity (`identityGuard`).
 */
export function createCommandSubgraph<C extends CommandContext>(options: CommandSubgraphOptions<C>): BuiltCommandSubgraph {
  const { prisma, settings, logger } = options;
  const outbox = createCommandOutbox({
    prisma,
    schema: options.schema,
    connection: options.queue,
    prefix: settings.queuePrefix,
    replicaWait: settings.queueReplicaWait,
    logger,
  });
  const extend = options.extendContext ?? ((base: CommandContext) => base as C);
  const service = createGraphQLService<C>({
    name: options.schema,
    logger,
    schema: options.graphqlSchema,
    identities: createIdentityCodec({ gateway: settings.internalTokenSecret, services: settings.serviceTokenSecret }).verifier(options.schema),
    introspection: settings.introspection,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxInFlight: settings.maxInFlight,
    shedDelayMs: settings.shedDelayMs,
    routes: options.routes,
    // Queries only read PostgreSQL, so they may run twice (a failure goes on to Apollo Server):
    // the consumers' snapshot re-reads of every change, the owners' views.
    compiled: (operation) => operation.operation === 'query',
    // Nobody caches a command subgraph's answers (the gateway stores customers' reads only).
    cachePolicy: false,
    context: async (_req, base) =>
      extend({
        ...base,
        prisma,
        eventsCommitted: outbox.relay.publishCommitted,
      }),
    readiness: {
      postgres: async () => void (await prisma.$queryRaw`SELECT 1`),
      outbox: outbox.status,
    },
  });
  return {
    prisma,
    outbox,
    async listen(port, host) {
      const endpoint = await service.listen(port, host);
      outbox.start();
      logger.info({ url: endpoint.graphqlUrl }, `${options.schema} subgraph ready`);
      return endpoint;
    },
    async close() {
      await service.close();
      await outbox.close();
    },
  };
}
