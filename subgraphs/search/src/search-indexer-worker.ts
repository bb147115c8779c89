import { Worker, type Job } from 'bullmq';
import DataLoader from 'dataloader';
import { queueKeyPrefix, SEARCH } from '@shopgraph/events/consumers';
import type { Logger } from '@shopgraph/kit/logger';
import { createRedis } from '@shopgraph/kit/redis';
import type { SearchIndex } from './search-index.js';
import { instrumentWorker } from '@shopgraph/kit/queue-metrics';
import { workerTelemetry } from '@shopgraph/kit/queue-tracing';

export interface SearchIndexerOptions {
  index: SearchIndex;
  redisUrl: string;
  prefix: string;
  logger: Logger;
  /**
   * Jobs in flight; their shops are indexed together (one snapshot call and one write per
   * batch, as the projector batches its reads).
   * @default 64
   */
  concurrency?: number;
  /** How long a job waits for others to join its batch, ms. @default 2 */
  windowMs?: number;
}

/** Keeps the search index up to date from shop events on the search system's own queue. */
export function startSearchIndexerWorker({ index, redisUrl, prefix, logger, concurrency = 64, windowMs = 2 }: SearchIndexerOptions) {
  const connection = createRedis(redisUrl, 'worker');
  connection.on('error', (error) => logger.debug({ err: error }, 'queue redis error'));
  // No caching: every event must be indexed from the state as it is when its job runs.
  const indexing = new DataLoader<string, void>(
    async (ids) => {
      await index.indexShops([...new Set(ids)]);
      return ids.map(() => undefined);
    },
    { cache: false, maxBatchSize: 200, batchScheduleFn: (run) => setTimeout(run, windowMs) },
  );
  const worker = new Worker(SEARCH.queue, (job: Job<{ shopId: string }>) => indexing.load(job.data.shopId), { connection, prefix: queueKeyPrefix(prefix, SEARCH.queue), concurrency, ...workerTelemetry() });
  instrumentWorker(worker, SEARCH.queue);
  worker.on('failed', (job, error) => logger.warn({ err: error, jobId: job?.id, data: job?.data }, 'indexing failed'));
  worker.on('error', (error) => logger.debug({ err: error }, 'search worker error'));
  return {
    worker,
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
