import DataLoader from 'dataloader';
import type { PrismaClient } from '@shopgraph/db/create-prisma';
import { toCampaign, type Campaign } from './campaign.js';

/** What the ads system knows of a shop. */
export interface KnownShop {
  ownerId: number;
  status: string;
  deleted: boolean;
}

/** A campaign's counters for one Asia/Seoul day. */
export interface DayCounters {
  spent: number;
  clicks: number;
  impressions: number;
}

const NOTHING_YET: DayCounters = Object.freeze({ spent: 0, clicks: 0, impressions: 0 });

/** The `@db.Date` value of a `YYYY-MM-DD` day. */
export const dateOfDay = (day: string) => new Date(`${day}T00:00:00.000Z`);

/**
 * Per request: the known shops, the campaigns of shops and one day's counters of campaigns a
 * request shows, each loaded in one query however many the request shows.
 */
export function createAdsLoaders(prisma: PrismaClient, today: () => string) {
  return {
    shops: new DataLoader<number, KnownShop | null>(async (ids) => {
      const rows = await prisma.adKnownShop.findMany({ where: { shopId: { in: [...ids] } }, select: { shopId: true, ownerId: true, status: true, deleted: true } });
      const byId = new Map(rows.map((row) => [row.shopId, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    campaignsOfShop: new DataLoader<number, Campaign[]>(async (shopIds) => {
      const rows = await prisma.adCampaign.findMany({ where: { shopId: { in: [...shopIds] } }, orderBy: { id: 'desc' } });
      return shopIds.map((shopId) => rows.filter((row) => row.shopId === shopId).map(toCampaign));
    }),
    today: new DataLoader<number, DayCounters>(async (campaignIds) => {
      const rows = await prisma.adCampaignDay.findMany({ where: { campaignId: { in: [...campaignIds] }, day: dateOfDay(today()) } });
      const byId = new Map(rows.map((row) => [row.campaignId, row]));
      return campaignIds.map((id) => byId.get(id) ?? NOTHING_YET);
    }),
  };
}

export type AdsLoaders = ReturnType<typeof createAdsLoaders>;
