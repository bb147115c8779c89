import DataLoader from 'dataloader';
import type { PrismaClient } from '@shopgraph/db/create-prisma';
import { SHOP_INCLUDE, toMenuItem, toPromotion } from './managed-shop.js';

/**
 * A shop's menu and promotions, loaded only when a query asks for them, for every shop of
 * a request in one query each (per request: no caching across requests). A mutation that
 * returns `{ version }` loads neither.
 */
export function createShopParts(prisma: PrismaClient) {
  const byShop = <T extends { shopId: number }>(ids: readonly string[], rows: T[]) => {
    const grouped = new Map(ids.map((id) => [id, [] as T[]]));
    for (const row of rows) grouped.get(String(row.shopId))?.push(row);
    return ids.map((id) => grouped.get(id)!);
  };
  return {
    menu: new DataLoader(async (ids: readonly string[]) => {
      const rows = await prisma.menuItem.findMany({ where: { shopId: { in: ids.map(Number) } }, orderBy: SHOP_INCLUDE.menuItems.orderBy });
      return byShop(ids, rows).map((items) => items.map(toMenuItem));
    }),
    promotions: new DataLoader(async (ids: readonly string[]) => {
      const rows = await prisma.promotion.findMany({ where: { shopId: { in: ids.map(Number) } }, orderBy: SHOP_INCLUDE.promotions.orderBy });
      return byShop(ids, rows).map((promotions) => promotions.map(toPromotion));
    }),
  };
}

export type ShopParts = ReturnType<typeof createShopParts>;
