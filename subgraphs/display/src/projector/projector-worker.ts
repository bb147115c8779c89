import { Worker, type Job } from 'bullmq';
import { DISPLAY } from '@shopgraph/events/consumers';
import { isEventName, type DomainEvent } from '@shopgraph/events/events';
import type { Logger } from '@shopgraph/kit/logger';
import type { Redis } from '@shopgraph/kit/redis';
import type { Projector } from './projector.js';

export interface ProjectorWorkerOptions {
  projector: Projector;
  /** A worker connection (maxRetriesPerRequest: null). */
  connection: Redis;
  prefix: string;
  logger: Logger;
  /**
   * Jobs in flight at once; the work is I/O (three source reads and one Redis write).
   * @default 16
   */
  concurrency?: number;
}

/** Consumes the display queue: each job is one zero-payload event. */
export function startProjectorWorker({ projector, connection, prefix, logger, concurrency = 16 }: ProjectorWorkerOptions) {
  const worker = new Worker(
    DISPLAY.queue,
    async (job: Job) => {
      if (!isEventName(job.name)) {
        logger.error({ jobId: job.id, name: job.name }, 'unknown event; dropped');
        return;
      }
      await projector.handle({ name: job.name, payload: job.data } as DomainEvent);
    },
    { connection, prefix, concurrency, autorun: true },
  );
  worker.on('failed', (job, error) =>
    logger.warn({ err: error, jobId: job?.id, event: job?.name, data: job?.data, attempts: job?.attemptsMade }, 'projection failed'),
  );
  worker.on('error', (error) => logger.debug({ err: error }, 'projector worker error'));
  return worker;
}
