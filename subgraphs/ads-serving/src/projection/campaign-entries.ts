import type { CampaignEntry } from '@shopgraph/ads-store/write-campaigns';
import type { AdShop } from './ads-source.js';

/**
 * A shop's campaigns as the serving store holds them: each with what the ads system knows of
 * the shop (open, its category, the version it was read at) and its counters of the day the
 * snapshot was taken, from PostgreSQL's record of charged clicks.
 */
export function campaignEntries(shop: AdShop): CampaignEntry[] {
  const shopOpen = shop.known && !shop.deleted && shop.status === 'OPEN';
  return shop.campaigns.map((campaign) => ({
    state: {
      campaignId: campaign.id,
      shopId: shop.shopId,
      category: shop.category ?? '',
      areas: campaign.areas,
      bidPerClick: campaign.bidPerClick,
      dailyBudget: campaign.dailyBudget,
      startsAt: Date.parse(campaign.startsAt),
      endsAt: campaign.endsAt === null ? null : Date.parse(campaign.endsAt),
      status: campaign.status,
      shopOpen,
      campaignVersion: campaign.version,
      shopVersion: shop.version,
    },
    counters: { day: campaign.day, spent: campaign.spent, clicks: campaign.clicks, impressions: campaign.impressions },
  }));
}
