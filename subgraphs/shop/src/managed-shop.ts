import type { Prisma, PrismaClient } from '@shopgraph/db/create-prisma';
import type { OpeningHours, ShopCategory, ShopStatus } from './generated/resolver-types.js';

/** What every read of a shop loads with it. */
export const SHOP_INCLUDE = {
  menuItems: { orderBy: { id: 'asc' } },
  promotions: { orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.ShopInclude;

type ShopRow = Prisma.ShopGetPayload<{ include: typeof SHOP_INCLUDE }>;

export const toMenuItem = (item: ShopRow['menuItems'][number]) => ({
  id: String(item.id),
  name: item.name,
  description: item.description,
  price: item.price,
  soldOut: item.soldOut,
  popular: item.popular,
});

export const toPromotion = (promotion: ShopRow['promotions'][number]) => ({
  id: String(promotion.id),
  title: promotion.title,
  description: promotion.description,
  startsAt: promotion.startsAt,
  endsAt: promotion.endsAt,
});

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
    // A jsonb column: its shape is the one inputs.ts validated before it was written.
    openingHours: row.openingHours as OpeningHours[],
    notice: row.notice,
    menu: row.menuItems.map(toMenuItem),
    promotions: row.promotions.map(toPromotion),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type ManagedShop = ReturnType<typeof toManagedShop>;

/** What the ManagedShop resolvers start from: a query's whole shop, or a change's shop row without its menu and promotions. */
export type ManagedShopParent = Omit<ManagedShop, 'menu' | 'promotions'> & Partial<Pick<ManagedShop, 'menu' | 'promotions'>>;

/** A shop row as PostgreSQL's `row_to_json` writes it (the one-statement changes return these). */
export interface ShopRowJson {
  id: number;
  owner_id: number;
  name: string;
  category: ShopCategory;
  description: string | null;
  phone: string;
  address: string;
  status: ShopStatus;
  min_order_amount: number;
  delivery_tip: number;
  opening_hours: OpeningHours[];
  notice: string | null;
  version: number;
  listed_version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/**
 * A ManagedShop from the shop row alone: `menu` and `promotions` are left to the
 * ManagedShop resolvers, which load them (batched per request) only if the query asks.
 */
export function fromShopRow(row: ShopRowJson): Omit<ManagedShop, 'menu' | 'promotions'> {
  return {
    id: String(row.id),
    ownerId: String(row.owner_id),
    deleted: row.deleted_at !== null,
    name: row.name,
    category: row.category,
    description: row.description,
    phone: row.phone,
    address: row.address,
    status: row.status,
    minOrderAmount: row.min_order_amount,
    deliveryTip: row.delivery_tip,
    openingHours: row.opening_hours,
    notice: row.notice,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** A menu item as `row_to_json` writes it. */
export interface MenuItemJson {
  id: number;
  name: string;
  description: string | null;
  price: number;
  sold_out: boolean;
  popular: boolean;
}

/** A promotion as `row_to_json` writes it. */
export interface PromotionJson {
  id: number;
  title: string;
  description: string | null;
  starts_at: string;
  ends_at: string;
}

/** A whole ManagedShop from one statement's JSON: the shop row, its menu items and its promotions. */
export function fromShopJson(row: ShopRowJson, menu: readonly MenuItemJson[], promotions: readonly PromotionJson[]): ManagedShop {
  return {
    ...fromShopRow(row),
    menu: menu.map((item) => ({ id: String(item.id), name: item.name, description: item.description, price: item.price, soldOut: item.sold_out, popular: item.popular })),
    promotions: promotions.map((promotion) => ({
      id: String(promotion.id),
      title: promotion.title,
      description: promotion.description,
      startsAt: new Date(promotion.starts_at),
      endsAt: new Date(promotion.ends_at),
    })),
  };
}

/** A live (not deleted) shop, or null. */
export async function findManagedShop(prisma: PrismaClient, id: number): Promise<ManagedShop | null> {
  const row = await prisma.shop.findFirst({ where: { id, deletedAt: null }, include: SHOP_INCLUDE });
  return row ? toManagedShop(row) : null;
}
