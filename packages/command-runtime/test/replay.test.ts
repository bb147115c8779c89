import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import { createPrisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { DISPLAY, queueKeyPrefix, REVIEW_SHOPS } from '@shopgraph/events/consumers';
import { createRedis } from '@shopgraph/redis-client/redis';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing/test-database';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { createEventPublisher, type EventPublisher } from '../src/event-publisher.js';
import { replayFailed, republishSince } from '../src/replay.js';

let db: TestDatabase;
let prisma: PrismaClient;
let publisher: EventPublisher;
const prefix = uniquePrefix('replay');
const connection = createRedis(TEST_REDIS_URL, 'producer');
const queue = (name: string) => new Queue(name, { prefix: queueKeyPrefix(prefix, name), connection: { url: TEST_REDIS_URL } });

beforeAll(async () => {
  db = await createTestDatabase('replay');
  prisma = createPrisma({ databaseUrl: db.url });
  publisher = createEventPublisher({ connection, prefix });
});

afterAll(async () => {
  await publisher?.close();
  connection.disconnect();
  await prisma?.$disconnect();
  await db?.drop();
  await deleteKeysWithPrefix(prefix);
});

describe('replay --failed', () => {
  it('re-enqueues jobs that used up their attempts', async () => {
    const display = queue(DISPLAY.queue);
    await display.add('shop.updated', { shopId: '1' }, { attempts: 1 });
    const failing = new Worker(DISPLAY.queue, async () => {
      throw new Error('source gone (simulated)');
    }, { prefix: queueKeyPrefix(prefix, DISPLAY.queue), connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null } });
    await waitFor(async () => (await display.getFailedCount()) === 1, { what: 'the job to fail' });
    await failing.close();
    const [failed] = await display.getFailed();
    expect(failed?.failedReason).toBe('source gone (simulated)');

    expect(await replayFailed(connection, prefix)).toMatchObject({ [DISPLAY.queue]: 1 });
    expect(await display.getFailedCount()).toBe(0);
    expect(await display.getWaitingCount()).toBe(1);
    await display.close();
  });
});

describe('replay --since', () => {
  it('publishes again the outbox events of a time range, optionally of one shop', async () => {
    const old = new Date(Date.now() - 3600_000);
    await prisma.shopOutbox.create({ data: { event: 'shop.created', payload: { shopId: '10' }, createdAt: old, publishedAt: old } });
    const since = new Date(Date.now() - 1000);
    await prisma.shopOutbox.create({ data: { event: 'shop.created', payload: { shopId: '11' }, publishedAt: new Date() } });
    await prisma.shopOutbox.create({ data: { event: 'shop.created', payload: { shopId: '12' }, publishedAt: new Date() } });
    await prisma.reviewOutbox.create({ data: { event: 'review.written', payload: { shopId: '12', reviewId: '1' } } });

    const reviewShops = queue(REVIEW_SHOPS.queue);
    expect(await republishSince(prisma, publisher, since, '12')).toBe(2);
    expect((await reviewShops.getWaiting()).map((j) => j.data.shopId)).toEqual(['12']);
    expect(await republishSince(prisma, publisher, since)).toBe(3);
    expect((await reviewShops.getWaiting()).map((j) => j.data.shopId).sort()).toEqual(['11', '12', '12']);
    await reviewShops.close();
  });
});
