import type { Prisma, PrismaClient } from '@shopgraph/db/create-prisma';

/** What every read of a shop loads with it. */
export const SHOP_INCLUDE = {
  menuItems: { orderBy: { id: 'asc' } },
  promotions: { orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.ShopInclude;

type ShopRow = Prisma.ShopGetPayload<{ include: typeof SHOP_INCLUDE }>;

/** A ManagedShop (and the base of a ShopSnapshot) as the GraphQL layer returns it. */
export function toManagedShop(row: ShopRow) {
  return {
    id: String(row.id),
    ownerId: String(row.ownerId),
    deleted: row.deletedAt !== null,
    name: row.name,
    category: row.category,
    description: row.description,
    phone: row.phone,
    address: row.address,
    status: row.status,
    minOrderAmount: row.minOrderAmount,
    deliveryTip: row.deliveryTip,
    openingHours: row.openingHours as { day: string; opens: string; closes: string }[],
    notice: row.notice,
    menu: row.menuItems.map((item) => ({
      id: String(item.id),
      name: item.name,
      description: item.description,
      price: item.price,
      soldOut: item.soldOut,
      popular: item.popular,
    })),
    promotions: row.promotions.map((promotion) => ({
      id: String(promotion.id),
      title: promotion.title,
      description: promotion.description,
      startsAt: promotion.startsAt,
      endsAt: promotion.endsAt,
    })),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type ManagedShop = ReturnType<typeof toManagedShop>;

/** A live (not deleted) shop, or null. */
export async function findManagedShop(prisma: PrismaClient, id: number): Promise<ManagedShop | null> {
  const row = await prisma.shop.findFirst({ where: { id, deletedAt: null }, include: SHOP_INCLUDE });
  return row ? toManagedShop(row) : null;
}
