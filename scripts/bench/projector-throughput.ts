import { Queue } from 'bullmq';
import type pg from 'pg';
import { DISPLAY } from '@shopgraph/events/consumers';
import { event } from '@shopgraph/events/events';
import { createEventPublisher } from '@shopgraph/outbox/event-publisher';
import { createRedis } from '@shopgraph/kit/redis';
import type { ReadModelStore } from '@shopgraph/display-subgraph/read-model/read-model-store';
import { waitUntilDrained } from './queue-drain.ts';

export interface ThroughputOptions {
  db: pg.Client;
  store: ReadModelStore;
  queueRedisUrl: string;
  queuePrefix: string;
  shopIds: readonly string[];
}

/**
 * The projector's sustained rate: every given shop changes at once (one SQL statement
 * bumps their versions), one `shop.updated` event each lands on the display queue, and
 * the running projector drains them. Measured from the events being queued until the
 * queue is empty and the documents carry the new versions.
 */
export async function measureProjectorThroughput({ db, store, queueRedisUrl, queuePrefix, shopIds }: ThroughputOptions) {
  const connection = createRedis(queueRedisUrl, 'producer', { commandTimeout: 30_000 });
  const publisher = createEventPublisher({ connection, prefix: queuePrefix, consumers: [DISPLAY] });
  const queue = new Queue(DISPLAY.queue, { connection, prefix: queuePrefix });
  try {
    const ids = shopIds.map(Number);
    await db.query(`UPDATE "shop"."shop" SET version = version + 1, notice = 'projector bench', updated_at = now() WHERE id = ANY($1::int[])`, [ids]);
    const { rows } = await db.query<{ id: number; version: number }>('SELECT id, version FROM "shop"."shop" WHERE id = ANY($1::int[])', [ids]);
    const expected = new Map(rows.map((row) => [String(row.id), row.version]));
    const stamp = Date.now();
    const events = shopIds.map((shopId, i) => ({ id: `bench-${stamp}-${i}`, event: event('shop.updated', { shopId }) }));
    const started = performance.now();
    for (let i = 0; i < events.length; i += 1000) await publisher.publish(events.slice(i, i + 1000));
    const queuedMs = performance.now() - started;
    await waitUntilDrained(queue);
    const seconds = (performance.now() - started) / 1000;
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
    };
  } finally {
    await publisher.close();
    await queue.close();
    connection.disconnect();
  }
}
