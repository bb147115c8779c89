import { dateTimeScalar } from '@shopgraph/kit/date-time';
import { badInput } from '@shopgraph/kit/errors';
import type { DisplayContext } from './context.js';
import type { ShopDocument } from './read-model/shop-document.js';

export const MAX_SHOP_IDS = 100;

/** Ids the read model can hold; anything else is simply not published. */
const isShopId = (id: string) => /^[1-9]\d{0,9}$/.test(id);

function loadShop(ctx: DisplayContext, id: string) {
  return isShopId(id) ? ctx.shops.load(id) : null;
}

export const resolvers = {
  DateTime: dateTimeScalar,
  Query: {
    shop: (_: unknown, args: { id: string }, ctx: DisplayContext) => loadShop(ctx, args.id),
    shops: (_: unknown, args: { ids: string[] }, ctx: DisplayContext) => {
      if (args.ids.length > MAX_SHOP_IDS) throw badInput('ids', `At most ${MAX_SHOP_IDS} ids per request.`);
      return Promise.all(args.ids.map((id) => loadShop(ctx, id)));
    },
  },
  Shop: {
    __resolveReference: (reference: { id: string }, ctx: DisplayContext) => loadShop(ctx, reference.id),
    /** Running at query time: a promotion that ends at 18:00 disappears at 18:00, with no event. */
    promotions(shop: ShopDocument) {
      const now = new Date().toISOString();
      return shop.promotions.filter((promotion) => promotion.startsAt <= now && now < promotion.endsAt);
    },
  },
  ManagedShop: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    published: (managed: { id: string }, _: unknown, ctx: DisplayContext) => loadShop(ctx, managed.id),
  },
};
