import { z } from 'zod';
import { flag, redisUrl } from '@shopgraph/config/env';

/**
 * Where the ads serving store lives: its Redis (one node, or a cluster's seed nodes) and key
 * prefix. Read by its writer (the serving projector), its reader (the serving subgraph) and
 * the click recorder (the ads subgraph); may differ from the queues' and the read model's.
 */
export const adsStoreEnv = {
  ADS_REDIS_URL: redisUrl('redis://127.0.0.1:6379'),
  ADS_STORE_PREFIX: z.string().regex(/^[^:{}]+$/, 'must not contain ":", "{" or "}"').default('shopgraph'),
};

/** The ads processes' movable clock (POST /test/clock), for tests of schedules and the Asia/Seoul day. */
export const adsTestClockEnv = {
  /** Tests only (refused in production): POST /test/clock moves this process's clock. */
  ADS_TEST_CLOCK: flag(false),
};

/** Refuses a movable clock in production: a process whose clock anyone can move would serve and charge by it. */
export function testClockSetting(vars: { ADS_TEST_CLOCK: boolean; NODE_ENV: string }): boolean {
  if (vars.ADS_TEST_CLOCK && vars.NODE_ENV === 'production') throw new Error('Invalid configuration:\n  ADS_TEST_CLOCK: a movable clock is for tests only (NODE_ENV=production)');
  return vars.ADS_TEST_CLOCK;
}
