import { Queue, type JobsOptions } from 'bullmq';
import { CONSUMERS, queueKeyPrefix, type Consumer } from '@shopgraph/events/consumers';
import { waitForReplicas, type RedisClient, type ReplicaWait } from '@shopgraph/redis-client/redis';
import type { DomainEvent } from '@shopgraph/events/events';

/** An event as read from an outbox table. */
export interface OutboxEvent {
  /** Unique per outbox row, stable across re-publishes of that row; no `:`. */
  id: string;
  event: DomainEvent;
  /** When the change was recorded: the job's timestamp, from which consumers measure their lag. */
  recordedAt: Date;
  /** The recording request's trace context (see currentTraceContext), handed to the job. */
  traceContext?: string | null;
}

export interface EventPublisherOptions {
  /** A fail-fast producer connection (see createRedis 'producer'). */
  connection: RedisClient;
  /**
   * BullMQ key prefix; each queue adds its own hash tag (queueKeyPrefix).
   * @default 'shopgraph'
   */
  prefix?: string;
  /** @default CONSUMERS */
  consumers?: readonly Consumer[];
  /**
   * When set, a publish resolves only once that many replicas of each queue's node hold
   * its jobs: the relay marks rows published only then, so a failover that drops jobs the
   * old master had acknowledged cannot drop an event (the row is published again).
   */
  replicaWait?: ReplicaWait;
}

/**
 * What every consumer's jobs get: exponential backoff with jitter, so a source that is
 * down is not hammered; failed jobs are kept for two weeks as the dead letters that
 * `replay --failed` re-enqueues.
 */
const BASE_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

function jobOptions(consumer: Consumer, outboxEvent: OutboxEvent): JobsOptions {
  const base: JobsOptions = {
    ...BASE_JOB_OPTIONS,
    // The job is as old as the change, not the publish: consumers' lag counts from the commit.
    timestamp: outboxEvent.recordedAt.getTime(),
    // BullMQ's own telemetry metadata: a worker with telemetry continues the request's trace.
    ...(outboxEvent.traceContext ? { telemetry: { metadata: outboxEvent.traceContext } } : {}),
  };
  const key = consumer.collapseKey?.(outboxEvent.event);
  if (key) {
    // keepLastIfActive: without it, an event added while the same key's job is active
    // is dropped, and the read model can miss the last update (bullmq #3151, #3427).
    return { ...base, deduplication: { id: key, keepLastIfActive: true } };
  }
  // A fixed job id makes a re-published outbox row a no-op while its job is kept.
  return { ...base, jobId: outboxEvent.id };
}

/** Fans events out to every consuming system's own queue. */
export function createEventPublisher(options: EventPublisherOptions) {
  const consumers = options.consumers ?? CONSUMERS;
  const queues = new Map(
    consumers.map((consumer) => {
      const queue = new Queue(consumer.queue, { connection: options.connection, prefix: queueKeyPrefix(options.prefix ?? 'shopgraph', consumer.queue) });
      // Connection errors surface as rejected publishes, which the relay logs and retries.
      queue.on('error', () => {});
      return [consumer.queue, queue] as const;
    }),
  );
  return {
    /** Resolves once every consumer queue holds its jobs; rejects when Redis is unreachable. */
    async publish(events: readonly OutboxEvent[]): Promise<void> {
      await Promise.all(
        consumers.map(async (consumer) => {
          const jobs = events
            .filter(({ event }) => consumer.events.includes(event.name))
            .map((outboxEvent) => ({
              name: outboxEvent.event.name,
              data: outboxEvent.event.payload,
              opts: jobOptions(consumer, outboxEvent),
            }));
          if (jobs.length === 0) return;
          const queue = queues.get(consumer.queue)!;
          await queue.addBulk(jobs);
          if (options.replicaWait) {
            // Any key of the queue names its node (all its keys share the queue's hash tag).
            const { replicas, timeoutMs } = options.replicaWait;
            await waitForReplicas(options.connection, queue.toKey('meta'), replicas, timeoutMs);
          }
        }),
      );
    },
    async close(): Promise<void> {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}

export type EventPublisher = ReturnType<typeof createEventPublisher>;
