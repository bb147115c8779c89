import { Queue } from 'bullmq';
import { queueKeyPrefix } from '@shopgraph/events/consumers';
import { TEST_REDIS_URL, testRedisClient } from './test-redis.js';

/** True once the queue has no waiting, active, delayed or prioritized jobs. `url` may list a cluster's nodes. */
export async function queueDrained(name: string, prefix: string, url = TEST_REDIS_URL): Promise<boolean> {
  const connection = testRedisClient(url);
  const queue = new Queue(name, { prefix: queueKeyPrefix(prefix, name), connection });
  try {
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(counts).every((n) => n === 0);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
