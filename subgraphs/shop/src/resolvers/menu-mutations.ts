import { Prisma } from '@shopgraph/db/create-prisma';
import { badInput, notFound } from '@shopgraph/graphql-conventions/errors';
import { requireOwner } from '@shopgraph/graphql-conventions/guards';
import { parseInput, toDbId } from '@shopgraph/graphql-conventions/validation';
import { assignmentsOf } from '@shopgraph/command-runtime/recorded-change';
import { changeShop } from '../change-shop.js';
import type { MutationResolvers } from '../generated/resolver-types.js';
import { MAX_MENU_ITEMS, menuItemInput, updateMenuItemInput } from '../inputs.js';

const ITEM_COLUMNS = { name: 'name', description: 'description', price: 'price', soldOut: 'sold_out', popular: 'popular' } as const;

export const menuMutations: MutationResolvers = {
  async addMenuItem(_, args, ctx) {
    requireOwner(ctx.identity);
    const input = parseInput(menuItemInput, args.input, ['input']);
    return changeShop(ctx, {
      target: { shopId: toDbId(args.shopId) },
      // Search indexes menu names.
      listing: true,
      // The shop row is locked, so the count is the shop's: concurrent adds queue behind the lock.
      rows: Prisma.sql`
        INSERT INTO "shop"."menu_item" (shop_id, name, description, price, sold_out, popular)
        SELECT id, ${input.name}, ${input.description}, ${input.price}, ${input.soldOut}, ${input.popular} FROM allowed
        WHERE (SELECT count(*) FROM "shop"."menu_item" WHERE shop_id = allowed.id) < ${MAX_MENU_ITEMS}
        RETURNING id`,
      unchanged: () => badInput('shopId', `A shop has at most ${MAX_MENU_ITEMS} menu items.`),
    });
  },

  async updateMenuItem(_, args, ctx) {
    requireOwner(ctx.identity);
    const input = parseInput(updateMenuItemInput, args.input, ['input']);
    const itemId = toDbId(args.id);
    const assignments = assignmentsOf(ITEM_COLUMNS, input);
    // An empty input still checks the item and bumps the shop's version, as the Prisma update did.
    const set = assignments.length > 0 ? Prisma.join(assignments) : Prisma.sql`id = id`;
    return changeShop(ctx, {
      target: { menuItemId: itemId },
      // Only a new name is search's to hear (prices, sold-out and popular marks are the read model's).
      listing: input.name !== undefined,
      rows: Prisma.sql`UPDATE "shop"."menu_item" SET ${set} WHERE id = ${itemId ?? 0} AND shop_id IN (SELECT id FROM allowed) RETURNING id`,
      unchanged: () => notFound('No such menu item.'),
    });
  },

  async removeMenuItem(_, args, ctx) {
    requireOwner(ctx.identity);
    const itemId = toDbId(args.id);
    return changeShop(ctx, {
      target: { menuItemId: itemId },
      listing: true,
      rows: Prisma.sql`DELETE FROM "shop"."menu_item" WHERE id = ${itemId ?? 0} AND shop_id IN (SELECT id FROM allowed) RETURNING id`,
      unchanged: () => notFound('No such menu item.'),
    });
  },
};
