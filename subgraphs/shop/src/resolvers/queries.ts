import { badInput } from '@shopgraph/graphql-conventions/errors';
import { mayViewOwner, requireService } from '@shopgraph/graphql-conventions/guards';
import { toDbId } from '@shopgraph/graphql-conventions/validation';
import type { ShopContext } from '../context.js';
import type { QueryResolvers, QueryShopIdsArgs, RequireFields, Resolvers } from '../generated/resolver-types.js';
import { Prisma } from '@shopgraph/db/create-prisma';
import { queryPrepared } from '@shopgraph/command-runtime/prepared-query';
import { SHOP_INCLUDE, findManagedShop, fromShopJson, toManagedShop, type ManagedShop, type MenuItemJson, type PromotionJson, type ShopRowJson } from '../managed-shop.js';

const MAX_SNAPSHOTS = 500;

/** Cursor paging over shop ids: `after` is the last id of the previous page. */
function pageArgs(args: RequireFields<QueryShopIdsArgs, 'first'>) {
  if (args.first < 1 || args.first > 1000) throw badInput('first', 'first must be 1 to 1,000.');
  const after = args.after ? toDbId(args.after) : 0;
  if (after === null) throw badInput('after', 'after is not a shop id.');
  return { after, first: args.first };
}

/**
 * A page of live shops by primary key, with the versions the read side compares against.
 * Raw SQL rather than findMany, which builds its query and maps its rows per call: the read
 * model's audit and the copies' reconciles page through every shop.
 */
function livePage(ctx: ShopContext, page: { after: number; first: number }) {
  return ctx.prisma.$queryRaw<{ id: number; version: number; listed_version: number; owner_id: number }[]>`
    SELECT id, version, listed_version, owner_id FROM "shop"."shop" WHERE id > ${page.after} AND deleted_at IS NULL ORDER BY id LIMIT ${page.first}`;
}

/**
 * Shops as the read model and the search index see them: deleted shops included (with
 * deleted: true and their final version), promotions only while they have not ended.
 * One statement, the menu and promotions aggregated beside each shop: the consumers' re-read
 * of every change, where Prisma's `include` took three round trips and its row mapping; and
 * prepared (see `queryPrepared`), since it runs at every change.
 */
async function snapshots(ctx: ShopContext, ids: number[]) {
  if (ids.length === 0) return new Map<number, ShopSnapshot>();
  const rows = await queryPrepared<{ shop: ShopRowJson; menu: MenuItemJson[]; promotions: PromotionJson[] }>(ctx.prisma, Prisma.sql`
    SELECT row_to_json(s) AS shop,
           coalesce((SELECT json_agg(m ORDER BY m.id) FROM "shop"."menu_item" m WHERE m.shop_id = s.id), '[]'::json) AS menu,
           coalesce((SELECT json_agg(p ORDER BY p.starts_at, p.id) FROM "shop"."promotion" p WHERE p.shop_id = s.id AND p.ends_at > ${new Date()}), '[]'::json) AS promotions
    FROM "shop"."shop" s WHERE s.id = ANY(${ids}::int[])`);
  return new Map(rows.map(({ shop, menu, promotions }) => [shop.id, { ...fromShopJson(shop, menu, promotions), listedVersion: shop.listed_version }]));
}

type ShopSnapshot = ManagedShop & { listedVersion: number };

export const queries: QueryResolvers = {
  async shopSnapshot(_, args, ctx) {
    requireService(ctx.identity);
    const id = toDbId(args.id);
    return id === null ? null : ((await snapshots(ctx, [id])).get(id) ?? null);
  },

  async shopSnapshots(_, args, ctx) {
    requireService(ctx.identity);
    if (args.ids.length > MAX_SNAPSHOTS) throw badInput('ids', `At most ${MAX_SNAPSHOTS} ids per call.`);
    const ids = args.ids.map(toDbId);
    const found = await snapshots(ctx, ids.filter((id): id is number => id !== null));
    return ids.map((id) => (id === null ? null : (found.get(id) ?? null)));
  },

  async shopIdsByOwner(_, args, ctx) {
    requireService(ctx.identity);
    const ownerId = toDbId(args.ownerId);
    if (ownerId === null) return [];
    const rows = await ctx.prisma.shop.findMany({ where: { ownerId, deletedAt: null }, select: { id: true }, orderBy: { id: 'asc' } });
    return rows.map((row) => String(row.id));
  },

  async shopIdsChangedSince(_, args, ctx) {
    requireService(ctx.identity);
    const page = pageArgs(args);
    const rows = await ctx.prisma.shop.findMany({
      where: { id: { gt: page.after }, updatedAt: { gte: args.since } },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: page.first,
    });
    return rows.map((row) => String(row.id));
  },

  async shopIds(_, args, ctx) {
    requireService(ctx.identity);
    return (await livePage(ctx, pageArgs(args))).map((row) => String(row.id));
  },

  async shopVersions(_, args, ctx) {
    requireService(ctx.identity);
    const rows = await livePage(ctx, pageArgs(args));
    return rows.map((row) => ({ id: String(row.id), version: row.version, listedVersion: row.listed_version, ownerId: String(row.owner_id) }));
  },
};

export const entities: Pick<Resolvers, 'ManagedShop' | 'Owner'> = {
  ManagedShop: {
    /** Loaded with the shop by queries; loaded on demand after a mutation (see shop-parts.ts). */
    menu: (shop, _, ctx) => shop.menu ?? ctx.parts.menu.load(shop.id),
    promotions: (shop, _, ctx) => shop.promotions ?? ctx.parts.promotions.load(shop.id),
    async __resolveReference(reference, ctx) {
      const id = toDbId(reference.id);
      const shop = id === null ? null : await findManagedShop(ctx.prisma, id);
      return shop && mayViewOwner(ctx.identity, shop.ownerId) ? shop : null;
    },
  },
  Owner: {
    async shops(owner, _, ctx) {
      const ownerId = toDbId(owner.id);
      if (ownerId === null || !mayViewOwner(ctx.identity, owner.id)) return [];
      const rows = await ctx.prisma.shop.findMany({
        where: { ownerId, deletedAt: null },
        include: SHOP_INCLUDE,
        orderBy: { id: 'asc' },
      });
      return rows.map(toManagedShop);
    },
  },
};
