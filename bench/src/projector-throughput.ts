import { Queue } from 'bullmq';
import type pg from 'pg';
import { DISPLAY, queueKeyPrefix, SEARCH } from '@shopgraph/events/consumers';
import { event } from '@shopgraph/events/events';
import { createEventPublisher } from '@shopgraph/command-runtime/event-publisher';
import { createRedis } from '@shopgraph/redis-client/redis';
import type { ReadModelStore } from '@shopgraph/read-model';
import { waitUntilDrained } from './queue-drain.ts';

export interface ThroughputOptions {
  db: pg.Client;
  store: ReadModelStore;
  queueRedisUrl: string;
  queuePrefix: string;
  shopIds: readonly string[];
}

/**
 * The projector's and the search indexer's sustained rates: every given shop changes at once (one SQL statement
 * bumps their versions), one `shop.listing.changed` event each lands on the display and search queues, and
 * the running projector drains them. Measured from the events being queued until the
 * queue is empty and the documents carry the new versions (the search queue likewise).
 */
export async function measureProjectorThroughput({ db, store, queueRedisUrl, queuePrefix, shopIds }: ThroughputOptions) {
  const connection = createRedis(queueRedisUrl, 'producer', { commandTimeout: 30_000 });
  // Both consumers of listing changes take the events at once, as in production: the projector
  // and the search indexer share the cores and the shop subgraph's snapshot reads (a change
  // search copies: it hears no other).
  const publisher = createEventPublisher({ connection, prefix: queuePrefix, consumers: [DISPLAY, SEARCH] });
  const queue = new Queue(DISPLAY.queue, { connection, prefix: queueKeyPrefix(queuePrefix, DISPLAY.queue) });
  const searchQueue = new Queue(SEARCH.queue, { connection, prefix: queueKeyPrefix(queuePrefix, SEARCH.queue) });
  try {
    const ids = shopIds.map(Number);
    await db.query(`UPDATE "shop"."shop" SET version = version + 1, listed_version = version + 1, notice = 'projector bench', updated_at = now() WHERE id = ANY($1::int[])`, [ids]);
    const { rows } = await db.query<{ id: number; version: number }>('SELECT id, version FROM "shop"."shop" WHERE id = ANY($1::int[])', [ids]);
    const expected = new Map(rows.map((row) => [String(row.id), row.version]));
    const stamp = Date.now();
    const recordedAt = new Date();
    const events = shopIds.map((shopId, i) => ({ id: `bench-${stamp}-${i}`, event: event('shop.listing.changed', { shopId }), recordedAt }));
    const started = performance.now();
    for (let i = 0; i < events.length; i += 1000) await publisher.publish(events.slice(i, i + 1000));
    const queuedMs = performance.now() - started;
    const searchDrained = waitUntilDrained(searchQueue).then(() => (performance.now() - started) / 1000);
    await waitUntilDrained(queue);
    const seconds = (performance.now() - started) / 1000;
    const searchSeconds = await searchDrained;
    // Spot-check that the work was real: documents carry the versions just written.
    const sample = shopIds.filter((_, i) => i % Math.max(1, Math.floor(shopIds.length / 200)) === 0);
    let behind = 0;
    for (const id of sample) if (((await store.versions(id))?.shop ?? 0) < (expected.get(id) ?? 0)) behind += 1;
    return {
      events: events.length,
      seconds: +seconds.toFixed(2),
      eventsPerSecond: Math.round(events.length / seconds),
      enqueueSeconds: +(queuedMs / 1000).toFixed(2),
      sampledDocumentsBehind: `${behind}/${sample.length}`,
      search: { seconds: +searchSeconds.toFixed(2), eventsPerSecond: Math.round(events.length / searchSeconds) },
    };
  } finally {
    await publisher.close();
    await queue.close();
    await searchQueue.close();
    connection.disconnect();
  }
}
