import { Worker } from 'bullmq';
import { DISPLAY } from '@shopgraph/events/consumers';
import { startConsumer, type ConsumerDeps } from '@shopgraph/consumer-runtime/consumer';
import { SourceUnavailableError } from '@shopgraph/service-shell/service-client';
import type { Projector } from '../projection/projector.js';

/**
 * How long the whole queue waits when a source is unavailable. The jobs stay where they
 * are and use up no attempt: nothing is dropped, and the backlog drains once the source
 * (and its circuit breaker) is back.
 */
export const SOURCE_DOWN_PAUSE_MS = 2000;

export interface ProjectorWorkerOptions extends Omit<ConsumerDeps, 'timing'> {
  projector: Projector;
  /**
   * Jobs in flight at once; the work is I/O (three source reads, batched across the jobs
   * in flight, and one Redis write).
   * @default 64
   */
  concurrency?: number;
}

/** Consumes the display queue: each job is one zero-payload event. */
export function startProjectorWorker({ projector, concurrency = 64, ...deps }: ProjectorWorkerOptions) {
  return startConsumer(
    DISPLAY,
    async (event, job, worker) => {
      try {
        await projector.handle(event, new Date(job.timestamp));
      } catch (error) {
        if (!(error instanceof SourceUnavailableError)) throw error; // retried with backoff, then kept as failed
        deps.logger.warn({ jobId: job.id, reason: error.message }, 'source unavailable; pausing the queue');
        await worker.rateLimit(SOURCE_DOWN_PAUSE_MS);
        throw Worker.RateLimitError();
      }
    },
    {
      ...deps,
      concurrency,
      // A projection takes milliseconds: a job whose worker died (SIGKILL) is handed to
      // another worker within seconds rather than BullMQ's default 30 s, and until then
      // it holds its shop's deduplication key, delaying that shop's newer events too.
      timing: { lockDuration: 5000, stalledInterval: 2500 },
    },
  );
}
