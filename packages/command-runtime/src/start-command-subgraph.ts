import { createPrisma } from '@shopgraph/db/create-prisma';
import { startService } from '@shopgraph/service-shell/graphql-service';
import type { Logger } from '@shopgraph/telemetry/logger';
import { createRedis } from '@shopgraph/redis-client/redis';
import type { BuiltCommandSubgraph, CommandClients, CommandSubgraph } from './command-subgraph.js';

/** Where a command subgraph listens and what it connects to. */
export interface CommandSubgraphAddresses {
  port: number;
  host: string;
  databaseUrl: string;
  /** Connections opened at start and kept open while idle (DATABASE_POOL_MIN); none when unset. */
  databasePoolMin?: number;
  queueRedisUrl: string;
}

/**
 * Opens a command subgraph's clients from its configuration (PostgreSQL, the queue Redis),
 * builds the subgraph with them (`build`, its create*Subgraph) and listens on its port: what
 * its main and the tests that run it whole do. close() closes the subgraph, then the clients.
 */
export async function startCommandSubgraph(
  config: CommandSubgraphAddresses,
  logger: Logger,
  build: (clients: CommandClients) => BuiltCommandSubgraph,
): Promise<CommandSubgraph> {
  const prisma = createPrisma({ databaseUrl: config.databaseUrl, minConnections: config.databasePoolMin });
  const queue = createRedis(config.queueRedisUrl, 'producer');
  // Without a listener ioredis reports every failed reconnect as an unhandled error.
  queue.on('error', (error) => logger.debug({ err: error }, 'queue redis error'));
  const subgraph = build({ prisma, queue });
  const running = await startService(subgraph, config, async () => {
    await prisma.$disconnect();
    queue.disconnect();
  });
  return { ...running, prisma: subgraph.prisma, outbox: subgraph.outbox };
}
