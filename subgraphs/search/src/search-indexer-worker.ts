import { Worker, type Job } from 'bullmq';
import { SEARCH } from '@shopgraph/events/consumers';
import type { Logger } from '@shopgraph/kit/logger';
import { createRedis } from '@shopgraph/kit/redis';
import type { SearchIndex } from './search-index.js';

/** Keeps the search index up to date from shop events on the search system's own queue. */
export function startSearchIndexerWorker(options: { index: SearchIndex; redisUrl: string; prefix: string; logger: Logger }) {
  const connection = createRedis(options.redisUrl, 'worker');
  connection.on('error', (error) => options.logger.debug({ err: error }, 'queue redis error'));
  const worker = new Worker(
    SEARCH.queue,
    async (job: Job<{ shopId: string }>) => {
      await options.index.indexShops([job.data.shopId]);
    },
    { connection, prefix: options.prefix, concurrency: 8 },
  );
  worker.on('failed', (job, error) => options.logger.warn({ err: error, jobId: job?.id, data: job?.data }, 'indexing failed'));
  worker.on('error', (error) => options.logger.debug({ err: error }, 'search worker error'));
  return {
    worker,
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
