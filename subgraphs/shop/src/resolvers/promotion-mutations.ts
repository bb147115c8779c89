import { Prisma } from '@shopgraph/db/create-prisma';
import { badInput } from '@shopgraph/graphql-conventions/errors';
import { requireOwner } from '@shopgraph/graphql-conventions/guards';
import { parseInput, toDbId } from '@shopgraph/graphql-conventions/validation';
import { changeShop } from '../change-shop.js';
import type { MutationResolvers } from '../generated/resolver-types.js';
import { MAX_OPEN_PROMOTIONS, promotionInput } from '../inputs.js';

export const promotionMutations: MutationResolvers = {
  async addPromotion(_, args, ctx) {
    requireOwner(ctx.identity);
    const input = parseInput(promotionInput, args.input, ['input']);
    return changeShop(ctx, {
      target: { shopId: toDbId(args.shopId) },
      rows: Prisma.sql`
        INSERT INTO "shop"."promotion" (shop_id, title, description, starts_at, ends_at)
        SELECT id, ${input.title}, ${input.description}, ${input.startsAt}, ${input.endsAt} FROM allowed
        WHERE (SELECT count(*) FROM "shop"."promotion" WHERE shop_id = allowed.id AND ends_at > now()) < ${MAX_OPEN_PROMOTIONS}
        RETURNING id`,
      unchanged: () => badInput('shopId', `A shop has at most ${MAX_OPEN_PROMOTIONS} promotions that have not ended.`),
    });
  },

  async endPromotion(_, args, ctx) {
    requireOwner(ctx.identity);
    const promotionId = toDbId(args.id);
    return changeShop(ctx, {
      target: { promotionId },
      // Ends it now; one that has not started is cancelled, keeping endsAt later than startsAt
      // (the contract's rule). One that has already ended is no change.
      rows: Prisma.sql`
        UPDATE "shop"."promotion" SET ends_at = now(), starts_at = LEAST(starts_at, now() - interval '1 millisecond')
        WHERE id = ${promotionId ?? 0} AND shop_id IN (SELECT id FROM allowed) AND ends_at > now()
        RETURNING id`,
    });
  },
};
