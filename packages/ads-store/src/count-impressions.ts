import { pipelineByNode, type RedisClient } from '@shopgraph/redis-client/redis';
import { DAY_TTL_SECONDS, type AdsKeys } from './ads-keys.js';
import { luaScript } from './lua.js';

/** KEYS: the day's counters. ARGV: their TTL. */
const COUNT_IMPRESSION = `
local n = redis.call('HINCRBY', KEYS[1], 'impressions', 1)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
return n
`;

/**
 * Counts one impression for each campaign served in a slot, on the day's counters, and marks
 * the campaigns for the click recorder, which moves the counters to PostgreSQL: one pipelined
 * round trip per node.
 */
export function createImpressionCounter(redis: RedisClient, keys: AdsKeys) {
  const countImpression = luaScript(redis, 'adsCountImpression', 1, COUNT_IMPRESSION);
  return async function countImpressions(campaignIds: readonly string[], day: string): Promise<void> {
    if (campaignIds.length === 0) return;
    const counters = campaignIds.map((id) => keys.day(id, day));
    await Promise.all([
      pipelineByNode(redis, counters, (pipeline, index) => countImpression.queue(pipeline, [counters[index]!], [DAY_TTL_SECONDS])),
      redis.sadd(keys.dirty, ...campaignIds),
    ]);
  };
}
