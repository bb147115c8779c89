import { Queue } from 'bullmq';
import type { PrismaClient } from '@shopgraph/db/create-prisma';
import { CONSUMERS, queueKeyPrefix } from '@shopgraph/events/consumers';
import type { RedisClient } from '@shopgraph/redis-client/redis';
import { isEventName, type DomainEvent } from '@shopgraph/events/events';
import type { EventPublisher, OutboxEvent } from './event-publisher.js';

const SCHEMAS = ['owner', 'shop', 'review', 'ads'] as const;

/**
 * Re-enqueues the dead letters: jobs of every consumer queue that used up their attempts
 * (kept with their failure reason by `removeOnFail`). Returns how many per queue.
 */
export async function replayFailed(connection: RedisClient, prefix: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const consumer of CONSUMERS) {
    const queue = new Queue(consumer.queue, { connection, prefix: queueKeyPrefix(prefix, consumer.queue) });
    try {
      const failed = await queue.getFailed(0, -1);
      for (const job of failed) await job.retry('failed');
      counts[consumer.queue] = failed.length;
    } finally {
      await queue.close();
    }
  }
  return counts;
}

/**
 * Publishes again every outbox event written at or after `since` (optionally only those
 * about one shop), whether or not it was published before: for when the queue itself
 * lost them. Consumers re-read current state, so a replay is always safe.
 */
export async function republishSince(
  prisma: PrismaClient,
  publisher: Pick<EventPublisher, 'publish'>,
  since: Date,
  shopId?: string,
): Promise<number> {
  // A fresh suffix: re-published jobs must not be mistaken for the kept originals.
  const replay = `replay${Date.now()}`;
  // Lag counts from the replay: a replayed week-old change is not a week-late projection.
  const recordedAt = new Date();
  let published = 0;
  for (const schema of SCHEMAS) {
    const rows = await prisma.$queryRawUnsafe<{ id: bigint; event: string; payload: Record<string, string> }[]>(
      `SELECT id, event, payload FROM "${schema}"."outbox"
       WHERE created_at >= $1 AND ($2::text IS NULL OR payload->>'shopId' = $2) ORDER BY id`,
      since,
      shopId ?? null,
    );
    const events: OutboxEvent[] = rows
      .filter((row) => isEventName(row.event))
      .map((row) => ({ id: `${schema}-${row.id}-${replay}`, event: { name: row.event, payload: row.payload } as DomainEvent, recordedAt }));
    for (let i = 0; i < events.length; i += 500) await publisher.publish(events.slice(i, i + 500));
    published += events.length;
  }
  return published;
}
