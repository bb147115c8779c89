import type { Logger } from '@shopgraph/telemetry/logger';
import type { RedisClient, ReplicaWait } from '@shopgraph/redis-client/redis';
import { createEventPublisher } from './event-publisher.js';
import { createOutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';

export interface CommandOutboxOptions {
  prisma: OutboxRelayOptions['prisma'];
  schema: OutboxRelayOptions['schema'];
  /**
   * The queue Redis, a fail-fast producer connection (`createRedis(url, 'producer')`): a
   * publish that cannot reach Redis fails at once and its rows are published again later.
   * The caller owns it: `close()` leaves it open.
   */
  connection: RedisClient;
  /** BullMQ key prefix. */
  prefix: string;
  /** Replicas that must hold the jobs before the rows count as published. */
  replicaWait?: ReplicaWait;
  logger: Logger;
  pollIntervalMs?: OutboxRelayOptions['pollIntervalMs'];
  claimAfterMs?: OutboxRelayOptions['claimAfterMs'];
}

/**
 * What a command subgraph runs beside its API: the relay that moves its outbox rows
 * to the consumers' queues over a fail-fast Redis connection.
 */
export function createCommandOutbox(options: CommandOutboxOptions) {
  const logger = options.logger.child({ component: 'outbox-relay' });
  const redis = options.connection;
  const publisher = createEventPublisher({ connection: redis, prefix: options.prefix, replicaWait: options.replicaWait });
  const relay = createOutboxRelay({
    prisma: options.prisma,
    schema: options.schema,
    publisher,
    logger,
    pollIntervalMs: options.pollIntervalMs,
    claimAfterMs: options.claimAfterMs,
  });
  return {
    relay,
    /** For /ready: unpublished events and whether the queue is reachable. Never fails: mutations work without Redis. */
    async status() {
      const queue = await redis.ping().then(
        () => 'up',
        () => 'down',
      );
      return { queue, pending: await relay.pending() };
    },
    start: () => relay.start(),
    async close() {
      await relay.close();
      await publisher.close();
    },
  };
}

export type CommandOutbox = ReturnType<typeof createCommandOutbox>;
