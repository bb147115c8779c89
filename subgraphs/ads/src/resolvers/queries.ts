import { Prisma } from '@shopgraph/db/create-prisma';
import { seoulDay } from '@shopgraph/ads-store/seoul-day';
import { badInput } from '@shopgraph/graphql-conventions/errors';
import { mayViewOwner, requireService } from '@shopgraph/graphql-conventions/guards';
import { toDbId } from '@shopgraph/graphql-conventions/validation';
import type { AdsContext } from '../context.js';
import type { QueryResolvers, Resolvers } from '../generated/resolver-types.js';

const MAX_SNAPSHOTS = 500;

/** Shops' ads as the serving store projects them: the shop as ads knows it, every campaign with one day's counters. */
async function shopSnapshots(ctx: AdsContext, ids: readonly string[]) {
  const day = seoulDay(ctx.clock.now());
  const shopIds = ids.map(toDbId);
  const valid = shopIds.filter((id): id is number => id !== null);
  const [shops, campaigns] = await Promise.all([
    ctx.prisma.adKnownShop.findMany({ where: { shopId: { in: valid } } }),
    ctx.prisma.adCampaign.findMany({ where: { shopId: { in: valid } }, orderBy: { id: 'desc' } }),
  ]);
  const counters = await ctx.prisma.adCampaignDay.findMany({ where: { campaignId: { in: campaigns.map((c) => c.id) }, day: new Date(`${day}T00:00:00.000Z`) } });
  const countersOf = new Map(counters.map((row) => [row.campaignId, row]));
  const shopOf = new Map(shops.map((shop) => [shop.shopId, shop]));
  return ids.map((id, index) => {
    const shopId = shopIds[index] ?? null;
    const shop = shopId === null ? undefined : shopOf.get(shopId);
    return {
      shopId: id,
      known: shop !== undefined,
      category: shop?.category ?? null,
      status: shop?.status ?? null,
      deleted: shop?.deleted ?? false,
      version: shop?.version ?? 0,
      campaigns: campaigns
        .filter((campaign) => campaign.shopId === shopId)
        .map((campaign) => {
          const today = countersOf.get(campaign.id);
          return {
            id: String(campaign.id),
            areas: campaign.areas,
            bidPerClick: campaign.bidPerClick,
            dailyBudget: campaign.dailyBudget,
            startsAt: campaign.startsAt,
            endsAt: campaign.endsAt,
            status: campaign.status,
            version: campaign.version,
            day,
            spent: today?.spent ?? 0,
            clicks: today?.clicks ?? 0,
            impressions: today?.impressions ?? 0,
          };
        }),
    };
  });
}

export const queries: QueryResolvers = {
  async adShopSnapshots(_, args, ctx) {
    requireService(ctx.identity);
    if (args.ids.length > MAX_SNAPSHOTS) throw badInput('ids', `At most ${MAX_SNAPSHOTS} ids per call.`);
    return shopSnapshots(ctx, args.ids);
  },

  async adShopIds(_, args, ctx) {
    requireService(ctx.identity);
    if (args.first < 1 || args.first > 1000) throw badInput('first', 'first must be 1 to 1,000.');
    const after = args.after ? toDbId(args.after) : 0;
    if (after === null) throw badInput('after', 'after is not a shop id.');
    const rows = await ctx.prisma.$queryRaw<{ shop_id: number }[]>(
      Prisma.sql`SELECT DISTINCT shop_id FROM "ads"."campaign" WHERE shop_id > ${after} ORDER BY shop_id LIMIT ${args.first}`,
    );
    return rows.map((row) => String(row.shop_id));
  },
};

export const entities: Pick<Resolvers, 'ManagedShop'> = {
  ManagedShop: {
    __resolveReference: (reference) => reference,
    /** Only for the shop's owner (or a service): the gateway reaches it through the owner's own ManagedShop. */
    async adCampaigns(managed, _, ctx) {
      const shopId = toDbId(managed.id);
      if (shopId === null) return [];
      const shop = await ctx.loaders.shops.load(shopId);
      if (!shop || shop.deleted || !mayViewOwner(ctx.identity, String(shop.ownerId))) return [];
      return ctx.loaders.campaignsOfShop.load(shopId);
    },
  },
};
