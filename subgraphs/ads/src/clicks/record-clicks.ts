import { Prisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import type { LoggedClick } from '@shopgraph/ads-store/click-log';

/** A campaign's impressions on a day, as counted by the serving store so far. */
export interface CountedImpressions {
  campaignId: string;
  day: string;
  impressions: number;
}

/**
 * Records charged clicks and impression counts in PostgreSQL, as ONE statement: each click once
 * (one row per tracking token, so a click moved twice is recorded once), the day's spend and
 * clicks of each campaign grown by exactly the clicks this statement inserted, and its
 * impressions raised to the store's count (a count, not a delta: moving it twice is harmless).
 * The record of charged clicks is what a lost serving store rebuilds today's spend from.
 */
export async function recordClicks(prisma: PrismaClient, clicks: readonly LoggedClick[], impressions: readonly CountedImpressions[]): Promise<void> {
  if (clicks.length === 0 && impressions.length === 0) return;
  await prisma.$executeRaw(Prisma.sql`
    WITH inserted AS (
      INSERT INTO "ads"."click" (token_id, campaign_id, day, bid, clicked_at)
      SELECT * FROM unnest(${clicks.map((c) => c.token)}::text[], ${clicks.map((c) => Number(c.campaignId))}::int[], ${clicks.map((c) => c.day)}::date[],
                           ${clicks.map((c) => c.bid)}::int[], ${clicks.map((c) => new Date(c.at))}::timestamptz[])
      ON CONFLICT (token_id) DO NOTHING
      RETURNING campaign_id, day, bid
    ), added AS (
      SELECT campaign_id, day, sum(bid)::int AS spent, count(*)::int AS clicks FROM inserted GROUP BY campaign_id, day
    ), counted AS (
      SELECT * FROM unnest(${impressions.map((i) => Number(i.campaignId))}::int[], ${impressions.map((i) => i.day)}::date[], ${impressions.map((i) => i.impressions)}::int[])
        AS counted (campaign_id, day, impressions)
    )
    INSERT INTO "ads"."campaign_day" (campaign_id, day, spent, clicks, impressions)
    SELECT coalesce(a.campaign_id, c.campaign_id), coalesce(a.day, c.day), coalesce(a.spent, 0), coalesce(a.clicks, 0), coalesce(c.impressions, 0)
    FROM added a FULL JOIN counted c ON a.campaign_id = c.campaign_id AND a.day = c.day
    ON CONFLICT (campaign_id, day) DO UPDATE SET
      spent = "campaign_day".spent + excluded.spent,
      clicks = "campaign_day".clicks + excluded.clicks,
      impressions = GREATEST("campaign_day".impressions, excluded.impressions)`);
}
