import type { Job, Queue, Worker } from 'bullmq';
import { counter, gauge, histogram, LAG_BUCKETS, LATENCY_BUCKETS } from '@shopgraph/telemetry/metrics';

const jobDuration = () =>
  histogram({
    name: 'shopgraph_job_duration_seconds',
    help: 'Time a worker spent on a job, by queue and outcome (completed, failed)',
    labelNames: ['queue', 'outcome'],
    buckets: LATENCY_BUCKETS,
  });
const eventLag = () =>
  histogram({
    name: 'shopgraph_event_lag_seconds',
    help: "From a change's commit (its outbox row) to its consumer finishing the job: the read model's lag for queue=display, the search index's for queue=search",
    labelNames: ['queue'],
    buckets: LAG_BUCKETS,
  });
const retries = () => counter({ name: 'shopgraph_job_retries_total', help: 'Job attempts that failed and will be retried', labelNames: ['queue'] });
const deadLetters = () =>
  counter({ name: 'shopgraph_job_dead_letters_total', help: 'Jobs that failed their last attempt and are kept as failed (replay --failed)', labelNames: ['queue'] });

/**
 * Observes a worker's jobs: duration, the lag from the change's commit (the job's timestamp
 * is its outbox row's; see event-publisher.ts) to completion, retries and dead letters.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any job type: only timestamps and attempts are read
export function instrumentWorker(worker: Worker<any, any, any>, queue: string): void {
  const duration = jobDuration();
  const lag = eventLag();
  const retried = retries();
  const dead = deadLetters();
  const elapsed = (job: Job) => (job.processedOn ? (Date.now() - job.processedOn) / 1000 : 0);
  worker.on('completed', (job) => {
    duration.observe({ queue, outcome: 'completed' }, elapsed(job));
    lag.observe({ queue }, Math.max(0, Date.now() - job.timestamp) / 1000);
  });
  worker.on('failed', (job) => {
    if (!job) return;
    duration.observe({ queue, outcome: 'failed' }, elapsed(job));
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) dead.inc({ queue });
    else retried.inc({ queue });
  });
}

/** Job states reported per queue. */
const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

const watched = new Set<Queue>();

/** Reports the queues' job counts by state at every scrape, until the returned function is called. */
export function watchQueueDepth(queues: readonly Queue[]): () => void {
  gauge({
    name: 'shopgraph_queue_jobs',
    help: 'Jobs in a queue by state (waiting, active, delayed, failed, prioritized); NaN: the queue Redis could not be read',
    labelNames: ['queue', 'state'],
    async collect() {
      this.reset();
      await Promise.all(
        [...watched].map(async (queue) => {
          const counts = await queue.getJobCounts(...STATES).catch(() => null);
          for (const state of STATES) this.set({ queue: queue.name, state }, counts ? (counts[state] ?? 0) : Number.NaN);
        }),
      );
    },
  });
  for (const queue of queues) watched.add(queue);
  return () => {
    for (const queue of queues) watched.delete(queue);
  };
}
