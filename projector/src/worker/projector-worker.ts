import { Worker, type Job } from 'bullmq';
import { DISPLAY, queueKeyPrefix } from '@shopgraph/events/consumers';
import { isEventName, type DomainEvent } from '@shopgraph/events/events';
import type { Logger } from '@shopgraph/kit/logger';
import type { RedisClient } from '@shopgraph/kit/redis';
import { SourceUnavailableError } from '@shopgraph/kit/service-client';
import type { Projector } from '../projection/projector.js';
import { instrumentWorker } from '@shopgraph/kit/queue-metrics';
import { workerTelemetry } from '@shopgraph/kit/queue-tracing';

/**
 * How long the whole queue waits when a source is unavailable. The jobs stay where they
 * are and use up no attempt: nothing is dropped, and the backlog drains once the source
 * (and its circuit breaker) is back.
 */
export const SOURCE_DOWN_PAUSE_MS = 2000;

export interface ProjectorWorkerOptions {
  projector: Projector;
  /** A worker connection (maxRetriesPerRequest: null). */
  connection: RedisClient;
  prefix: string;
  logger: Logger;
  /**
   * Jobs in flight at once; the work is I/O (three source reads, batched across the jobs
   * in flight, and one Redis write).
   * @default 64
   */
  concurrency?: number;
}

/** Consumes the display queue: each job is one zero-payload event. */
export function startProjectorWorker({ projector, connection, prefix, logger, concurrency = 64 }: ProjectorWorkerOptions) {
  const worker: Worker = new Worker(
    DISPLAY.queue,
    async (job: Job) => {
      if (!isEventName(job.name)) {
        logger.error({ jobId: job.id, name: job.name }, 'unknown event; dropped');
        return;
      }
      try {
        await projector.handle({ name: job.name, payload: job.data } as DomainEvent, new Date(job.timestamp));
      } catch (error) {
        if (!(error instanceof SourceUnavailableError)) throw error; // retried with backoff, then kept as failed
        logger.warn({ jobId: job.id, reason: error.message }, 'source unavailable; pausing the queue');
        await worker.rateLimit(SOURCE_DOWN_PAUSE_MS);
        throw Worker.RateLimitError();
      }
    },
    {
      connection,
      prefix: queueKeyPrefix(prefix, DISPLAY.queue),
      concurrency,
      autorun: true,
      // A projection takes milliseconds: a job whose worker died (SIGKILL) is handed to
      // another worker within seconds rather than BullMQ's default 30 s, and until then
      // it holds its shop's deduplication key, delaying that shop's newer events too.
      lockDuration: 5000,
      stalledInterval: 2500,
      ...workerTelemetry(),
    },
  );
  instrumentWorker(worker, DISPLAY.queue);
  worker.on('failed', (job, error) =>
    logger.warn({ err: error, jobId: job?.id, event: job?.name, data: job?.data, attempts: job?.attemptsMade }, 'projection failed'),
  );
  worker.on('error', (error) => logger.debug({ err: error }, 'projector worker error'));
  return worker;
}
