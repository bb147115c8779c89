import { badInput, notFound } from '@shopgraph/kit/errors';
import { requireOwner } from '@shopgraph/kit/guards';
import { parseInput, toDbId } from '@shopgraph/kit/validation';
import { changeShop, shopIdOf } from '../change-shop.js';
import type { ShopContext } from '../context.js';
import { MAX_OPEN_PROMOTIONS, promotionInput } from '../inputs.js';

export const promotionMutations = {
  async addPromotion(_: unknown, args: { shopId: string; input: unknown }, ctx: ShopContext) {
    requireOwner(ctx.identity);
    const input = parseInput(promotionInput, args.input, ['input']);
    return changeShop(ctx, toDbId(args.shopId), {
      apply: async (tx, shopId) => {
        const open = await tx.promotion.count({ where: { shopId, endsAt: { gt: new Date() } } });
        if (open >= MAX_OPEN_PROMOTIONS) {
          throw badInput('shopId', `A shop has at most ${MAX_OPEN_PROMOTIONS} promotions that have not ended.`);
        }
        await tx.promotion.create({ data: { ...input, shopId } });
      },
    });
  },

  async endPromotion(_: unknown, args: { id: string }, ctx: ShopContext) {
    requireOwner(ctx.identity);
    const promotionId = Number(args.id);
    return changeShop(ctx, await shopIdOf(ctx, 'promotion', args.id), {
      apply: async (tx) => {
        const promotion = await tx.promotion.findUnique({ where: { id: promotionId } });
        if (!promotion) throw notFound('No such promotion.');
        const now = new Date();
        if (promotion.endsAt <= now) return false; // already ended: nothing to change
        // A scheduled promotion is cancelled; keep endsAt later than startsAt (the contract's rule).
        const startsAt = promotion.startsAt < now ? promotion.startsAt : new Date(now.getTime() - 1);
        await tx.promotion.update({ where: { id: promotion.id }, data: { startsAt, endsAt: now } });
      },
    });
  },
};
