import { Worker, type Job, type WorkerOptions } from 'bullmq';
import { queueKeyPrefix, type Consumer } from '@shopgraph/events/consumers';
import { isEventName, type EventName, type EventOf } from '@shopgraph/events/events';
import type { Logger } from '@shopgraph/telemetry/logger';
import type { RedisClient } from '@shopgraph/redis-client/redis';
import { instrumentWorker } from './queue-metrics.js';
import { workerTelemetry } from './queue-tracing.js';

/** Handles one event of a consumer's queue; a rejection is a failed attempt (retried with backoff, then kept as failed). */
export type ConsumerHandler<N extends EventName> = (event: EventOf<N>, job: Job, worker: Worker) => Promise<unknown>;

export interface ConsumerDeps {
  /**
   * The queue Redis, opened for workers (`createRedis(url, 'worker')`: no retry limit per
   * command). The caller owns it: `close()` leaves it open.
   */
  connection: RedisClient;
  /** The BullMQ key prefix (QUEUE_PREFIX); the queue adds its own hash tag (`queueKeyPrefix`). */
  prefix: string;
  logger: Logger;
  /**
   * Jobs in flight at once.
   * @default 1
   */
  concurrency?: number;
  /** Lock and stall timing, for consumers whose jobs take milliseconds (BullMQ's defaults: 30 s). */
  timing?: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval'>;
}

/**
 * Runs a consumer: a BullMQ worker on its queue, with the job's trace continued (tracing on),
 * its duration, lag, retries and dead letters measured (`instrumentWorker`), failures logged.
 * A job whose name is no event of the consumer's is logged and dropped: retrying it cannot help.
 */
export function startConsumer<N extends EventName>(consumer: Consumer<N>, handle: ConsumerHandler<N>, deps: ConsumerDeps): Worker {
  const { connection, prefix, logger, concurrency = 1, timing } = deps;
  const ownEvent = (name: string): name is N => isEventName(name) && (consumer.events as readonly EventName[]).includes(name);
  const worker: Worker = new Worker(
    consumer.queue,
    async (job: Job) => {
      if (!ownEvent(job.name)) {
        logger.error({ queue: consumer.queue, jobId: job.id, name: job.name }, 'unknown event; dropped');
        return;
      }
      // The payload is the event's (see event-publisher.ts): the job's name says which.
      await handle({ name: job.name, payload: job.data } as EventOf<N>, job, worker);
    },
    { connection, prefix: queueKeyPrefix(prefix, consumer.queue), concurrency, autorun: true, ...timing, ...workerTelemetry() },
  );
  instrumentWorker(worker, consumer.queue);
  worker.on('failed', (job, error) =>
    logger.warn({ err: error, queue: consumer.queue, jobId: job?.id, event: job?.name, data: job?.data, attempts: job?.attemptsMade }, 'event handling failed'),
  );
  // Connection errors: the worker reconnects by itself, and the readiness checks report Redis.
  worker.on('error', (error) => logger.debug({ err: error, queue: consumer.queue }, 'worker error'));
  return worker;
}
