import { event } from '@shopgraph/events/events';
import { notFound } from '@shopgraph/kit/errors';
import { requireOwner } from '@shopgraph/kit/guards';
import { parseInput, toDbId } from '@shopgraph/kit/validation';
import { changeShop } from '../change-shop.js';
import type { ShopContext } from '../context.js';
import { createShopInput, updateShopInput } from '../inputs.js';
import { SHOP_INCLUDE, toManagedShop } from '../managed-shop.js';

const STATUSES = new Set(['OPEN', 'PAUSED', 'CLOSED']);

export const shopMutations = {
  async createShop(_: unknown, args: { input: unknown }, ctx: ShopContext) {
    const ownerId = Number(requireOwner(ctx.identity));
    const input = parseInput(createShopInput, args.input, ['input']);
    const row = await ctx.prisma.$transaction(async (tx) => {
      const shop = await tx.shop.create({ data: { ...input, ownerId }, include: SHOP_INCLUDE });
      const created = event('shop.created', { shopId: String(shop.id) });
      await tx.shopOutbox.create({ data: { event: created.name, payload: created.payload } });
      return shop;
    });
    ctx.eventsCommitted();
    return toManagedShop(row);
  },

  async updateShop(_: unknown, args: { id: string; input: Record<string, unknown> }, ctx: ShopContext) {
    requireOwner(ctx.identity);
    const input = parseInput(updateShopInput, args.input, ['input']);
    return changeShop(ctx, toDbId(args.id), {
      apply: async (tx, shopId) => {
        await tx.shop.update({ where: { id: shopId }, data: input });
      },
    });
  },

  async setShopStatus(_: unknown, args: { id: string; status: 'OPEN' | 'PAUSED' | 'CLOSED' }, ctx: ShopContext) {
    if (!STATUSES.has(args.status)) throw notFound('No such status.');
    return changeShop(ctx, toDbId(args.id), {
      apply: async (tx, shopId) => {
        const { count } = await tx.shop.updateMany({
          where: { id: shopId, status: { not: args.status } },
          data: { status: args.status },
        });
        // Setting the status it already has is not a change: no new version, no event.
        return count > 0;
      },
    });
  },

  async deleteShop(_: unknown, args: { id: string }, ctx: ShopContext) {
    await changeShop(ctx, toDbId(args.id), { event: 'shop.deleted', apply: async () => {} });
    return args.id;
  },
};
