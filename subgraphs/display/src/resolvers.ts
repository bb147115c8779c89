import { dateTimeScalar } from '@shopgraph/graphql-conventions/date-time';
import { badInput } from '@shopgraph/graphql-conventions/errors';
import { noteValidUntil } from '@shopgraph/graphql-conventions/valid-until';
import type { DisplayContext } from './context.js';
import type { Resolvers } from './generated/resolver-types.js';

/** Ids one `shops` field takes (the contract's "At most 100 ids"). */
export const MAX_SHOP_IDS = 100;

/** Ids the read model can hold; anything else is simply not published. */
const isShopId = (id: string) => /^[1-9]\d{0,9}$/.test(id);

/**
 * Loads shops for one field, counted against the request's own budget (`maxShops`, all
 * fields, aliases and entity representations together): each field's limit alone lets 15
 * aliases of `shops` ask for 1,500 documents. The gateway refuses such a request before it
 * gets here; this bounds one that reaches the subgraph some other way. Past the budget the
 * field fails before anything is read.
 */
function loadShops(ctx: DisplayContext, ids: readonly string[], field: string) {
  if (ctx.shopsAsked + ids.length > ctx.maxShops) {
    throw badInput(field, `This request asks for more than ${ctx.maxShops} shops; at most ${ctx.maxShops} shops per request (all fields, aliases and entities together).`);
  }
  ctx.shopsAsked += ids.length;
  return ids.map((id) => (isShopId(id) ? ctx.shops.load(id) : null));
}

const loadShop = (ctx: DisplayContext, id: string, field: string) => loadShops(ctx, [id], field)[0] ?? null;

export const resolvers: Resolvers = {
  DateTime: dateTimeScalar,
  Query: {
    shop: (_, args, ctx) => loadShop(ctx, args.id, 'id'),
    shops: (_, args, ctx) => {
      if (args.ids.length > MAX_SHOP_IDS) throw badInput('ids', `At most ${MAX_SHOP_IDS} ids per request.`);
      // A repeated id adds nothing to the answer but its size.
      if (new Set(args.ids).size !== args.ids.length) throw badInput('ids', 'ids must not repeat an id.');
      return Promise.all(loadShops(ctx, args.ids, 'ids'));
    },
  },
  Shop: {
    __resolveReference: (reference, ctx) => loadShop(ctx, reference.id, 'representations'),
    /**
     * Running at query time: a promotion that ends at 18:00 disappears at 18:00, with no
     * event. The answer is true until the next start or end among the shop's promotions,
     * which caches in front of this one learn from `x-shopgraph-valid-until`.
     */
    promotions(shop, _, ctx) {
      const now = new Date().toISOString();
      for (const { startsAt, endsAt } of shop.promotions) noteValidUntil(ctx, startsAt > now ? startsAt : endsAt > now ? endsAt : undefined);
      return shop.promotions.filter((promotion) => promotion.startsAt <= now && now < promotion.endsAt);
    },
  },
  ManagedShop: {
    __resolveReference: (reference) => ({ id: reference.id }),
    // Not counted against the budget: an owner's own shops (`me { shops }`), as many as they own, not a customer's ask.
    published: (managed, _, ctx) => (isShopId(managed.id) ? ctx.shops.load(managed.id) : null),
  },
};
