import { badInput, notFound } from '@shopgraph/kit/errors';
import { requireOwner } from '@shopgraph/kit/guards';
import { parseInput, toDbId } from '@shopgraph/kit/validation';
import { changeShop, shopIdOf } from '../change-shop.js';
import type { ShopContext } from '../context.js';
import { MAX_MENU_ITEMS, menuItemInput, updateMenuItemInput } from '../inputs.js';

export const menuMutations = {
  async addMenuItem(_: unknown, args: { shopId: string; input: unknown }, ctx: ShopContext) {
    requireOwner(ctx.identity);
    const input = parseInput(menuItemInput, args.input, ['input']);
    return changeShop(ctx, toDbId(args.shopId), {
      apply: async (tx, shopId) => {
        if ((await tx.menuItem.count({ where: { shopId } })) >= MAX_MENU_ITEMS) {
          throw badInput('shopId', `A shop has at most ${MAX_MENU_ITEMS} menu items.`);
        }
        await tx.menuItem.create({ data: { ...input, shopId } });
      },
    });
  },

  async updateMenuItem(_: unknown, args: { id: string; input: unknown }, ctx: ShopContext) {
    requireOwner(ctx.identity);
    const input = parseInput(updateMenuItemInput, args.input, ['input']);
    const itemId = Number(args.id);
    return changeShop(ctx, await shopIdOf(ctx, 'menu item', args.id), {
      apply: async (tx, shopId) => {
        const { count } = await tx.menuItem.updateMany({ where: { id: itemId, shopId }, data: input });
        if (count === 0) throw notFound('No such menu item.');
      },
    });
  },

  async removeMenuItem(_: unknown, args: { id: string }, ctx: ShopContext) {
    requireOwner(ctx.identity);
    const itemId = Number(args.id);
    return changeShop(ctx, await shopIdOf(ctx, 'menu item', args.id), {
      apply: async (tx, shopId) => {
        const { count } = await tx.menuItem.deleteMany({ where: { id: itemId, shopId } });
        if (count === 0) throw notFound('No such menu item.');
      },
    });
  },
};
