import { afterAll, describe, expect, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '@shopgraph/testing/test-redis';
import { waitFor } from '@shopgraph/testing/wait-for';
import { metricsRegistry } from '@shopgraph/telemetry/metrics';
import { instrumentWorker, watchQueueDepth } from '../src/queue-metrics.js';

const prefix = uniquePrefix('queue-metrics');
const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue('metered', { connection, prefix });

/** A metric's value for the `metered` queue (a histogram's count), optionally of one more label. */
async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await metricsRegistry.getSingleMetric(name)!.get();
  return values
    .filter((v) => v.labels.queue === 'metered' && Object.entries(labels).every(([k, x]) => v.labels[k] === x))
    .filter((v) => !('metricName' in v) || String(v.metricName).endsWith('_count'))
    .reduce((sum, v) => sum + v.value, 0);
}

afterAll(async () => {
  await queue.close();
  connection.disconnect();
  await deleteKeysWithPrefix(prefix);
});

describe('queue metrics', () => {
  it('shows the jobs waiting, then the lag from each change and the retries and dead letters of failing jobs', async () => {
    const unwatch = watchQueueDepth([queue]);
    const committed = Date.now() - 2000;
    // As the outbox relay adds them: the job's timestamp is the change's commit.
    await queue.addBulk([
      ...['1', '2', '3'].map((id) => ({ name: 'shop.updated', data: { shopId: id }, opts: { timestamp: committed } })),
      { name: 'shop.updated', data: { shopId: 'bad' }, opts: { timestamp: committed, attempts: 2 } },
    ]);
    expect(await metric('shopgraph_queue_jobs', { state: 'waiting' })).toBe(4);

    const worker = new Worker(
      'metered',
      async (job) => {
        if (job.data.shopId === 'bad') throw new Error('source refused');
      },
      { connection, prefix, concurrency: 4 },
    );
    instrumentWorker(worker, 'metered');
    try {
      await waitFor(async () => (await metric('shopgraph_job_dead_letters_total')) === 1, { what: 'the bad job to fail its last attempt' });
      expect(await metric('shopgraph_event_lag_seconds')).toBe(3);
      expect(await metric('shopgraph_job_duration_seconds', { outcome: 'completed' })).toBe(3);
      expect(await metric('shopgraph_job_retries_total')).toBe(1);
      // The lag counts from the commit, two seconds before the jobs were even added.
      const { values } = await metricsRegistry.getSingleMetric('shopgraph_event_lag_seconds')!.get();
      const sum = values.find((v) => v.labels.queue === 'metered' && String(v.metricName).endsWith('_sum'))!.value;
      expect(sum / 3).toBeGreaterThanOrEqual(2);
      expect(await metric('shopgraph_queue_jobs', { state: 'waiting' })).toBe(0);
      expect(await metric('shopgraph_queue_jobs', { state: 'failed' })).toBe(1);
    } finally {
      await worker.close();
      unwatch();
    }
  });
});
