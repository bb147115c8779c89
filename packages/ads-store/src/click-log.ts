import { pipelineByNode, type RedisClient } from '@shopgraph/redis-client/redis';
import type { AdsKeys } from './ads-keys.js';

/** A charged click as the serving store logged it. */
export interface LoggedClick {
  /** The stream entry's id, to forget it once PostgreSQL has it. */
  entryId: string;
  campaignId: string;
  /** The tracking token's nonce: PostgreSQL keeps one row per nonce. */
  token: string;
  bid: number;
  day: string;
  /** ms since the epoch. */
  at: number;
}

/**
 * What the click recorder reads of the serving store: the campaigns with something to move
 * (clicks logged, impressions counted), their logged clicks and their day counters; and what it
 * does once PostgreSQL holds them: forget the logged clicks (by entry id: safe if two recorders
 * move the same ones, PostgreSQL keeps each token once).
 */
export function createClickLog(redis: RedisClient, keys: AdsKeys) {
  return {
    /** Takes up to `max` campaigns marked to move (each taken once). */
    takeMarked: async (max: number): Promise<string[]> => (await redis.spop(keys.dirty, max)) ?? [],
    /** Marks campaigns again (a move that failed, or a sweep). */
    mark: async (campaignIds: readonly string[]): Promise<void> => {
      if (campaignIds.length > 0) await redis.sadd(keys.dirty, ...campaignIds);
    },
    /** Each campaign's oldest logged clicks, at most `max` each. */
    async clicks(campaignIds: readonly string[], max: number): Promise<LoggedClick[]> {
      const logs = campaignIds.map(keys.clickLog);
      const replies = (await pipelineByNode(redis, logs, (pipeline, index) => pipeline.xrange(logs[index]!, '-', '+', 'COUNT', max))) as [string, string[]][][];
      return replies.flatMap((entries, index) =>
        entries.map(([entryId, fields]) => {
          const field = (name: string) => fields[fields.indexOf(name) + 1] ?? '';
          return { entryId, campaignId: campaignIds[index]!, token: field('token'), bid: Number(field('bid')), day: field('day'), at: Number(field('at')) };
        }),
      );
    },
    /** Impressions counted so far on the day, by campaign (0 where none). */
    async impressions(campaignIds: readonly string[], day: string): Promise<number[]> {
      const days = campaignIds.map((id) => keys.day(id, day));
      const replies = await pipelineByNode(redis, days, (pipeline, index) => pipeline.hget(days[index]!, 'impressions'));
      return replies.map((value) => Number(value ?? 0));
    },
    /** Forgets logged clicks PostgreSQL now holds. */
    async forget(clicks: readonly LoggedClick[]): Promise<void> {
      const byCampaign = new Map<string, string[]>();
      for (const click of clicks) byCampaign.set(click.campaignId, [...(byCampaign.get(click.campaignId) ?? []), click.entryId]);
      const campaignIds = [...byCampaign.keys()];
      const logs = campaignIds.map(keys.clickLog);
      await pipelineByNode(redis, logs, (pipeline, index) => pipeline.xdel(logs[index]!, ...byCampaign.get(campaignIds[index]!)!));
    },
  };
}

export type ClickLog = ReturnType<typeof createClickLog>;
