import { servingStateOf } from '@shopgraph/ads-store/serving-state';
import type { AdCampaignResolvers } from '../generated/resolver-types.js';

/**
 * What an AdCampaign shows beyond its row: today's counters (as the click recorder has moved
 * them from the serving store, seconds behind at most) and why it is or is not shown now.
 */
export const campaignFields: AdCampaignResolvers = {
  spentToday: async (campaign, _, ctx) => (await ctx.loaders.today.load(Number(campaign.id))).spent,
  clicksToday: async (campaign, _, ctx) => (await ctx.loaders.today.load(Number(campaign.id))).clicks,
  impressionsToday: async (campaign, _, ctx) => (await ctx.loaders.today.load(Number(campaign.id))).impressions,
  async servingState(campaign, _, ctx) {
    const [shop, today] = await Promise.all([ctx.loaders.shops.load(Number(campaign.shopId)), ctx.loaders.today.load(Number(campaign.id))]);
    return servingStateOf(
      {
        status: campaign.status,
        startsAt: campaign.startsAt.getTime(),
        endsAt: campaign.endsAt?.getTime() ?? null,
        bidPerClick: campaign.bidPerClick,
        dailyBudget: campaign.dailyBudget,
        spentToday: today.spent,
        shopOpen: shop !== null && !shop.deleted && shop.status === 'OPEN',
      },
      ctx.clock.now(),
    );
  },
};
