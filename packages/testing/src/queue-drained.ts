import { Queue } from 'bullmq';
import { TEST_REDIS_URL } from './test-redis.js';

/** True once the queue has no waiting, active, delayed or prioritized jobs. */
export async function queueDrained(name: string, prefix: string, url = TEST_REDIS_URL): Promise<boolean> {
  const queue = new Queue(name, { prefix, connection: { url } });
  try {
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(counts).every((n) => n === 0);
  } finally {
    await queue.close();
  }
}
