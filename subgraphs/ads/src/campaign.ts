import type { Prisma } from '@shopgraph/db/create-prisma';

type CampaignRecord = Prisma.AdCampaignGetPayload<object>;

export type CampaignStatus = 'ACTIVE' | 'PAUSED';

/** An AdCampaign as the resolvers start from it: the row; the serving state and today's counters are resolved on demand. */
export interface Campaign {
  id: string;
  shopId: string;
  areas: string[];
  bidPerClick: number;
  dailyBudget: number;
  startsAt: Date;
  endsAt: Date | null;
  status: CampaignStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** An AdCampaignSnapshot: the campaign as the serving store needs it, with one day's counters. */
export type CampaignSnapshot = Omit<Campaign, 'shopId' | 'createdAt' | 'updatedAt'> & { day: string; spent: number; clicks: number; impressions: number };

/** A campaign row as PostgreSQL's `row_to_json` writes it (the one-statement changes return these). */
export interface CampaignRowJson {
  id: number;
  shop_id: number;
  areas: string[];
  bid_per_click: number;
  daily_budget: number;
  starts_at: string;
  ends_at: string | null;
  status: CampaignStatus;
  version: number;
  created_at: string;
  updated_at: string;
}

export function fromCampaignRow(row: CampaignRowJson): Campaign {
  return {
    id: String(row.id),
    shopId: String(row.shop_id),
    areas: row.areas,
    bidPerClick: row.bid_per_click,
    dailyBudget: row.daily_budget,
    startsAt: new Date(row.starts_at),
    endsAt: row.ends_at === null ? null : new Date(row.ends_at),
    status: row.status,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export function toCampaign(record: CampaignRecord): Campaign {
  return {
    id: String(record.id),
    shopId: String(record.shopId),
    areas: record.areas,
    bidPerClick: record.bidPerClick,
    dailyBudget: record.dailyBudget,
    startsAt: record.startsAt,
    endsAt: record.endsAt,
    status: record.status,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
