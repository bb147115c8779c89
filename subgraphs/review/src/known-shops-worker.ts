import { Worker, type Job } from 'bullmq';
import type { PrismaClient } from '@shopgraph/db/create-prisma';
import { queueKeyPrefix, REVIEW_SHOPS } from '@shopgraph/events/consumers';
import type { EventPayloads } from '@shopgraph/events/events';
import type { Logger } from '@shopgraph/kit/logger';
import { createRedis } from '@shopgraph/kit/redis';
import { instrumentWorker } from '@shopgraph/kit/queue-metrics';
import { workerTelemetry } from '@shopgraph/kit/queue-tracing';
import { recordKnownShops } from './known-shops.js';

type ShopEvent = Job<EventPayloads['shop.created'], void, 'shop.created' | 'shop.deleted'>;

export interface KnownShopsWorkerOptions {
  prisma: PrismaClient;
  redisUrl: string;
  prefix: string;
  logger: Logger;
}

/**
 * Keeps the review system's record of which shops exist from shop events (recordKnownShops);
 * what a lost event leaves wrong, the reconcile (reconcile-known-shops.ts) repairs.
 */
export function startKnownShopsWorker({ prisma, redisUrl, prefix, logger }: KnownShopsWorkerOptions) {
  const connection = createRedis(redisUrl, 'worker');
  connection.on('error', (error) => logger.debug({ err: error }, 'queue redis error'));
  const worker = new Worker(
    REVIEW_SHOPS.queue,
    (job: ShopEvent) => recordKnownShops(prisma, [Number(job.data.shopId)], job.name === 'shop.deleted'),
    { connection, prefix: queueKeyPrefix(prefix, REVIEW_SHOPS.queue), concurrency: 8, ...workerTelemetry() },
  );
  instrumentWorker(worker, REVIEW_SHOPS.queue);
  worker.on('failed', (job, error) => logger.warn({ err: error, jobId: job?.id, event: job?.name }, 'known-shop update failed'));
  worker.on('error', (error) => logger.debug({ err: error }, 'known-shops worker error'));
  return {
    worker,
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
