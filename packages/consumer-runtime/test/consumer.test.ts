import { afterAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { queueKeyPrefix, REVIEW_SHOPS } from '@shopgraph/events/consumers';
import type { EventOf } from '@shopgraph/events/events';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { startConsumer } from '../src/consumer.js';
import { createLogger } from '@shopgraph/telemetry/logger';

const prefix = uniquePrefix('consumer');
const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue(REVIEW_SHOPS.queue, { connection, prefix: queueKeyPrefix(prefix, REVIEW_SHOPS.queue) });

afterAll(async () => {
  await queue.close();
  connection.disconnect();
  await deleteKeysWithPrefix(prefix);
});

describe('startConsumer', () => {
  it("hands each of its consumer's events to the handler as an event, and drops a job of any other name without retrying it", async () => {
    const handled: EventOf<'shop.created' | 'shop.deleted'>[] = [];
    const worker = startConsumer(REVIEW_SHOPS, async (event) => void handled.push(event), { connection, prefix, logger: createLogger('consumer', 'silent') });
    try {
      await queue.addBulk([
        { name: 'shop.created', data: { shopId: '1' } },
        // Not an event of review-shops: retrying it cannot help.
        { name: 'shop.updated', data: { shopId: '2' }, opts: { attempts: 3 } },
        { name: 'shop.deleted', data: { shopId: '1' } },
      ]);
      await waitFor(async () => (await queue.getJobCounts('completed')).completed === 3, { what: 'the three jobs to complete' });
      expect(handled).toEqual([
        { name: 'shop.created', payload: { shopId: '1' } },
        { name: 'shop.deleted', payload: { shopId: '1' } },
      ]);
      expect((await queue.getJobCounts('failed')).failed).toBe(0);
    } finally {
      await worker.close();
    }
  });
});
