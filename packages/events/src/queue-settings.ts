import { z } from 'zod';
import { positiveInt, redisUrl } from '@shopgraph/config/env';

/** The Redis that carries BullMQ queues (may differ from the read model's). */
export const queueEnv = {
  QUEUE_REDIS_URL: redisUrl('redis://127.0.0.1:6379'),
  /** BullMQ key prefix; each queue's keys get a hash tag of their own after it (see queueKeyPrefix). */
  QUEUE_PREFIX: z.string().regex(/^[^:]+$/, 'must not contain ":"').default('shopgraph'),
  /**
   * Replicas that must hold a published event before its outbox row counts as published
   * (Redis `WAIT`; see waitForReplicas). 0 on a Redis without replicas.
   */
  QUEUE_REDIS_WAIT_REPLICAS: z.coerce.number().int().min(0).default(0),
  REDIS_WAIT_TIMEOUT_MS: positiveInt(1000),
};

/**
 * The queue settings every producer and consumer of events reads (parsed with queueEnv).
 * `queueReplicaWait` is a ReplicaWait of @shopgraph/redis-client, which this package cannot
 * name: redis-client's tests use @shopgraph/testing, which depends on this package.
 */
export function queueSettings(vars: { QUEUE_REDIS_URL: string; QUEUE_PREFIX: string; QUEUE_REDIS_WAIT_REPLICAS: number; REDIS_WAIT_TIMEOUT_MS: number }) {
  return {
    queueRedisUrl: vars.QUEUE_REDIS_URL,
    queuePrefix: vars.QUEUE_PREFIX,
    queueReplicaWait: { replicas: vars.QUEUE_REDIS_WAIT_REPLICAS, timeoutMs: vars.REDIS_WAIT_TIMEOUT_MS },
  };
}
