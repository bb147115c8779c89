import { pipelineByNode, type RedisClient } from '@shopgraph/redis-client/redis';
import { adsKeys } from './ads-keys.js';
import { createCandidateReader } from './read-candidates.js';
import { createCampaignWriter } from './write-campaigns.js';
import { createImpressionCounter } from './count-impressions.js';
import { createClickCharger } from './charge-click.js';
import { createClickLog } from './click-log.js';

/** What a completed full rebuild leaves behind: while this marker is missing, the store is being rebuilt (or was lost). */
export interface AdsGeneration {
  rebuiltAt: string;
  shops: number;
}

/**
 * The ads serving store in Redis (layout: ads-keys.ts): written by the serving projector from
 * the ads system's state, read by the serving subgraph for slates, counted into by impressions
 * and clicks, and drained into PostgreSQL by the click recorder. Never read from PostgreSQL.
 */
export function createAdsStore({ redis, prefix = 'shopgraph' }: { redis: RedisClient; prefix?: string }) {
  const keys = adsKeys(prefix);
  return {
    keys,
    /** False while the connection is down: callers need not wait for a command timeout. */
    connected: () => redis.status === 'ready',
    writeCampaigns: createCampaignWriter(redis, keys),
    candidates: createCandidateReader(redis, keys),
    countImpressions: createImpressionCounter(redis, keys),
    charge: createClickCharger(redis, keys),
    clickLog: createClickLog(redis, keys),
    /** The stored versions of each campaign (null where the store has none), for the reconcile. */
    async campaignVersions(campaignIds: readonly string[]): Promise<({ campaign: number; shop: number } | null)[]> {
      if (campaignIds.length === 0) return [];
      const campaigns = campaignIds.map(keys.campaign);
      const replies = (await pipelineByNode(redis, campaigns, (pipeline, index) => pipeline.hmget(campaigns[index]!, 'cv', 'sv'))) as (string | null)[][];
      return replies.map(([cv, sv]) => (cv && sv ? { campaign: Number(cv), shop: Number(sv) } : null));
    },
    async generation(): Promise<AdsGeneration | null> {
      const raw = await redis.get(keys.generation);
      return raw ? (JSON.parse(raw) as AdsGeneration) : null;
    },
    async markGeneration(generation: AdsGeneration): Promise<void> {
      await redis.set(keys.generation, JSON.stringify(generation));
    },
    /** Claims the one full rebuild several serving processes might start; true if `owner` got it (or has it). */
    async claimRebuild(owner: string, ttlMs: number): Promise<boolean> {
      return (await redis.set(keys.rebuildClaim, owner, 'PX', ttlMs, 'NX')) === 'OK' || (await redis.get(keys.rebuildClaim)) === owner;
    },
  };
}

export type AdsStore = ReturnType<typeof createAdsStore>;
