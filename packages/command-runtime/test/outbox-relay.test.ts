import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { createPrisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { ADS_SHOPS, DISPLAY, queueKeyPrefix, REVIEW_SHOPS, SEARCH } from '@shopgraph/events/consumers';
import { createLogger } from '@shopgraph/telemetry/logger';
import { metricsRegistry } from '@shopgraph/telemetry/metrics';
import { createRedis, type RedisClient } from '@shopgraph/redis-client/redis';
import { startPrivateRedis, type PrivateRedis } from '@shopgraph/testing/private-redis';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createCommandOutbox, type CommandOutbox } from '../src/command-outbox.js';

let db: TestDatabase;
let redis: PrivateRedis;
let prisma: PrismaClient;
let outbox: CommandOutbox;
let queueRedis: RedisClient;
const prefix = 'relaytest';

async function jobs(queue: string) {
  const q = new Queue(queue, { prefix: queueKeyPrefix(prefix, queue), connection: { url: redis.url } });
  try {
    return await q.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
  } finally {
    await q.close();
  }
}

/** A metric's value for this relay's schema (a histogram's count). */
async function metric(name: string): Promise<number> {
  const { values } = await metricsRegistry.getSingleMetric(name)!.get();
  const mine = values.filter((v) => v.labels.schema === 'shop' && (!('metricName' in v) || String(v.metricName).endsWith('_count')));
  return mine.reduce((sum, v) => sum + v.value, 0);
}

beforeAll(async () => {
  db = await createTestDatabase('relay');
  redis = await startPrivateRedis();
  prisma = createPrisma({ databaseUrl: db.url });
  queueRedis = createRedis(redis.url, 'producer');
  queueRedis.on('error', () => {}); // the tests stop this Redis on purpose
  outbox = createCommandOutbox({ prisma, schema: 'shop', connection: queueRedis, prefix, logger: createLogger('relay', 'silent'), pollIntervalMs: 50, claimAfterMs: 0 });
  outbox.start();
});

afterAll(async () => {
  await outbox?.close();
  queueRedis?.disconnect();
  await prisma?.$disconnect();
  await redis?.stop();
  await db?.drop();
});

describe('the outbox relay', () => {
  it('fans each event out to every consumer queue that wants it, ids only', async () => {
    await prisma.shopOutbox.create({ data: { event: 'shop.created', payload: { shopId: '1' } } });
    await waitFor(async () => (await outbox.relay.pending()) === 0, { what: 'published' });
    const display = await jobs(DISPLAY.queue);
    const review = await jobs(REVIEW_SHOPS.queue);
    expect(display.map((j) => [j.name, j.data])).toEqual([['shop.created', { shopId: '1' }]]);
    expect(review.map((j) => [j.name, j.data])).toEqual([['shop.created', { shopId: '1' }]]);
  });

  it('tells search and ads of a change to what they copy, and only the read model of any other shop change', async () => {
    await prisma.shopOutbox.create({ data: { event: 'shop.updated', payload: { shopId: '2' } } });
    await prisma.shopOutbox.create({ data: { event: 'shop.listing.changed', payload: { shopId: '3' } } });
    await waitFor(async () => (await outbox.relay.pending()) === 0, { what: 'published' });
    const shopsIn = async (queue: string) => (await jobs(queue)).map((j) => j.data.shopId as string).filter((id) => id !== '1').sort();
    expect(await shopsIn(DISPLAY.queue)).toEqual(['2', '3']);
    expect(await shopsIn(SEARCH.queue)).toEqual(['3']);
    expect(await shopsIn(ADS_SHOPS.queue)).toEqual(['3']);
    expect(await shopsIn(REVIEW_SHOPS.queue)).toEqual([]);
  });

  it('keeps events while Redis is down and delivers every one once it is back', async () => {
    await redis.stop();
    const ids = Array.from({ length: 20 }, (_, i) => String(100 + i));
    for (const shopId of ids) await prisma.shopOutbox.create({ data: { event: 'shop.deleted', payload: { shopId } } });
    outbox.relay.wake();
    // While Redis is down nothing is marked published.
    await waitFor(async () => (await outbox.status()).queue === 'down');
    expect(await outbox.relay.pending()).toBe(20);
    // What operators see meanwhile: the backlog, its age, the failed attempts.
    expect(await metric('shopgraph_outbox_unpublished_events')).toBe(20);
    await waitFor(async () => (await metric('shopgraph_outbox_oldest_unpublished_age_seconds')) > 0.2, { what: 'the backlog to age' });
    expect(await metric('shopgraph_outbox_publish_failures_total')).toBeGreaterThan(0);
    const publishedBefore = await metric('shopgraph_outbox_published_events_total');
    const delaysBefore = await metric('shopgraph_outbox_publish_delay_seconds');
    await redis.start(); // comes back empty: the queue lost everything it had
    await waitFor(async () => (await outbox.relay.pending()) === 0, { what: 'published after Redis returned', timeoutMs: 15_000 });
    const delivered = (await jobs(REVIEW_SHOPS.queue)).map((j) => j.data.shopId).sort();
    expect(delivered).toEqual(ids);
    await waitFor(async () => (await metric('shopgraph_outbox_unpublished_events')) === 0, { what: 'the backlog gauge to empty' });
    expect(await metric('shopgraph_outbox_oldest_unpublished_age_seconds')).toBe(0);
    expect((await metric('shopgraph_outbox_published_events_total')) - publishedBefore).toBe(20);
    expect((await metric('shopgraph_outbox_publish_delay_seconds')) - delaysBefore).toBe(20);
  });

  it("hands each job its change's commit time and trace context, outside the event's payload", async () => {
    const recordedAt = new Date(Date.now() - 5000);
    const traceContext = JSON.stringify({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    await prisma.shopOutbox.create({ data: { event: 'shop.created', payload: { shopId: '700' }, createdAt: recordedAt, traceContext } });
    await waitFor(async () => (await outbox.relay.pending()) === 0, { what: 'published' });
    const job = (await jobs(REVIEW_SHOPS.queue)).find((j) => j.data.shopId === '700')!;
    expect(job.data).toEqual({ shopId: '700' });
    expect(job.timestamp).toBe(recordedAt.getTime());
    expect(job.opts.telemetry?.metadata).toBe(traceContext);
  });

  it('still publishes when a recreated database restarts its outbox ids over the same Redis', async () => {
    // Both rows get id 1: the second database's row must not be mistaken for the first's job.
    await prisma.$executeRawUnsafe('TRUNCATE "shop"."outbox" RESTART IDENTITY');
    await prisma.shopOutbox.create({ data: { event: 'shop.created', payload: { shopId: '500' } } });
    await waitFor(async () => (await outbox.relay.pending()) === 0);
    await prisma.$executeRawUnsafe('TRUNCATE "shop"."outbox" RESTART IDENTITY');
    await prisma.shopOutbox.create({ data: { event: 'shop.created', payload: { shopId: '501' } } });
    await waitFor(async () => (await outbox.relay.pending()) === 0);
    const delivered = (await jobs(REVIEW_SHOPS.queue)).map((j) => j.data.shopId);
    expect(delivered).toEqual(expect.arrayContaining(['500', '501']));
  });

  it('prunes published rows past the retention and never unpublished ones', async () => {
    const old = new Date(Date.now() - 8 * 24 * 3600_000);
    const published = await prisma.shopOutbox.create({ data: { event: 'shop.updated', payload: { shopId: '600' }, createdAt: old, publishedAt: old } });
    const recent = await prisma.shopOutbox.create({ data: { event: 'shop.updated', payload: { shopId: '601' }, createdAt: old, publishedAt: new Date() } });
    expect(await outbox.relay.prune()).toBeGreaterThanOrEqual(1);
    expect(await prisma.shopOutbox.findUnique({ where: { id: published.id } })).toBeNull();
    expect(await prisma.shopOutbox.findUnique({ where: { id: recent.id } })).not.toBeNull();
    // An unpublished row is an event not yet delivered: kept however old.
    await redis.stop();
    const pending = await prisma.shopOutbox.create({ data: { event: 'shop.updated', payload: { shopId: '602' }, createdAt: old } });
    await outbox.relay.prune();
    expect(await prisma.shopOutbox.findUnique({ where: { id: pending.id } })).not.toBeNull();
    await redis.start();
  });
});
