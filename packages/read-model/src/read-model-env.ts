import { z } from 'zod';
import { redisUrl } from '@shopgraph/config/env';

/** Where the read model lives: its Redis (one node, or a cluster's seed nodes) and key prefix; may differ from the queues'. */
export const readModelEnv = {
  READ_MODEL_REDIS_URL: redisUrl('redis://127.0.0.1:6379'),
  READ_MODEL_PREFIX: z.string().regex(/^[^:{}]+$/, 'must not contain ":", "{" or "}"').default('shopgraph'),
};
