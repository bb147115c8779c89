import { requireService } from '@shopgraph/kit/guards';
import { toDbId } from '@shopgraph/kit/validation';
import type { ShopContext } from '../context.js';
import { SHOP_INCLUDE, findManagedShop, toManagedShop, type ManagedShop } from '../managed-shop.js';

export const queries = {
  async shopSnapshot(_: unknown, args: { id: string }, ctx: ShopContext) {
    requireService(ctx.identity);
    const id = toDbId(args.id);
    if (id === null) return null;
    const now = new Date();
    // Deleted shops are answered too (deleted: true): the read model needs their final version.
    const row = await ctx.prisma.shop.findUnique({
      where: { id },
      include: { ...SHOP_INCLUDE, promotions: { ...SHOP_INCLUDE.promotions, where: { endsAt: { gt: now } } } },
    });
    return row ? toManagedShop(row) : null;
  },

  async shopIdsByOwner(_: unknown, args: { ownerId: string }, ctx: ShopContext) {
    requireService(ctx.identity);
    const ownerId = toDbId(args.ownerId);
    if (ownerId === null) return [];
    const rows = await ctx.prisma.shop.findMany({ where: { ownerId, deletedAt: null }, select: { id: true }, orderBy: { id: 'asc' } });
    return rows.map((row) => String(row.id));
  },
};

export const entities = {
  ManagedShop: {
    async __resolveReference(reference: { id: string } & Partial<ManagedShop>, ctx: ShopContext) {
      const id = toDbId(reference.id);
      return id === null ? null : findManagedShop(ctx.prisma, id);
    },
  },
  Owner: {
    async shops(owner: { id: string }, _: unknown, ctx: ShopContext) {
      const ownerId = toDbId(owner.id);
      if (ownerId === null) return [];
      const rows = await ctx.prisma.shop.findMany({
        where: { ownerId, deletedAt: null },
        include: SHOP_INCLUDE,
        orderBy: { id: 'asc' },
      });
      return rows.map(toManagedShop);
    },
  },
};
