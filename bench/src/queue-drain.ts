import { queueKeyPrefix } from '@shopgraph/events/consumers';
import { Queue } from 'bullmq';
import { createRedis } from '@shopgraph/redis-client/redis';

/** Resolves once a consumer's queue holds no waiting, active or delayed jobs. */
export async function waitUntilDrained(queue: Queue, pollMs = 20): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((n) => n === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Waits for the named queues (e.g. after an overloaded run, before the next measurement). */
export async function waitUntilQueuesDrained(redisUrl: string, prefix: string, names: readonly string[]): Promise<void> {
  const connection = createRedis(redisUrl, 'producer', { commandTimeout: 30_000 });
  const queues = names.map((name) => new Queue(name, { connection, prefix: queueKeyPrefix(prefix, name) }));
  try {
    for (const queue of queues) await waitUntilDrained(queue);
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
    connection.disconnect();
  }
}
