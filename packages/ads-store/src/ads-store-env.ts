import { z } from 'zod';
import { redisUrl } from '@shopgraph/config/env';

/**
 * Where the ads serving store lives: its Redis (one node, or a cluster's seed nodes) and key
 * prefix. Read by its writer (the serving projector), its reader (the serving subgraph) and
 * the click recorder (the ads subgraph); may differ from the queues' and the read model's.
 */
export const adsStoreEnv = {
  ADS_REDIS_URL: redisUrl('redis://127.0.0.1:6379'),
  ADS_STORE_PREFIX: z.string().regex(/^[^:{}]+$/, 'must not contain ":", "{" or "}"').default('shopgraph'),
};
