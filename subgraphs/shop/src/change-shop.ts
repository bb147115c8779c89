import type { Prisma } from '@shopgraph/db/create-prisma';
import { event, type EventName } from '@shopgraph/events/events';
import { forbidden, notFound } from '@shopgraph/kit/errors';
import { requireOwner } from '@shopgraph/kit/guards';
import { toDbId } from '@shopgraph/kit/validation';
import type { ShopContext } from './context.js';
import { findManagedShop, type ManagedShop } from './managed-shop.js';

type ShopEvent = Extract<EventName, `shop.${string}`>;

export interface ShopChange {
  /** Applies the change inside the transaction; returns false when nothing changed. */
  apply(tx: Prisma.TransactionClient, shopId: number): Promise<boolean | void>;
  /** @default 'shop.updated' */
  event?: ShopEvent;
}

/**
 * The one path by which an existing shop changes: in one transaction it locks the shop
 * row, checks that it exists and belongs to the signed-in owner, applies the change,
 * bumps `version` and writes the outbox event. A rejected change therefore changes
 * nothing and publishes nothing, and concurrent changes to one shop get distinct versions.
 */
export async function changeShop(ctx: ShopContext, shopId: number | null, change: ShopChange): Promise<ManagedShop | null> {
  const ownerId = Number(requireOwner(ctx.identity));
  if (shopId === null) throw notFound('No such shop.');
  const changed = await ctx.prisma.$transaction(async (tx) => {
    const [shop] = await tx.$queryRaw<{ owner_id: number; deleted_at: Date | null }[]>`
      SELECT owner_id, deleted_at FROM "shop"."shop" WHERE id = ${shopId} FOR UPDATE`;
    if (!shop || shop.deleted_at) throw notFound('No such shop.');
    if (shop.owner_id !== ownerId) throw forbidden('You do not own this shop.');
    if ((await change.apply(tx, shopId)) === false) return false;
    const now = new Date();
    await tx.shop.update({
      where: { id: shopId },
      data: { version: { increment: 1 }, updatedAt: now, ...(change.event === 'shop.deleted' ? { deletedAt: now } : {}) },
    });
    const published = event(change.event ?? 'shop.updated', { shopId: String(shopId) });
    await tx.shopOutbox.create({ data: { event: published.name, payload: published.payload } });
    return true;
  });
  if (changed) ctx.eventsCommitted();
  return findManagedShop(ctx.prisma, shopId);
}

/** The shop a menu item or promotion belongs to, or NOT_FOUND (also for an id that cannot exist). */
export async function shopIdOf(ctx: ShopContext, what: 'menu item' | 'promotion', id: string): Promise<number> {
  const childId = toDbId(id);
  const where = { where: { id: childId ?? 0 }, select: { shopId: true } } as const;
  const row = childId === null ? null : what === 'menu item' ? await ctx.prisma.menuItem.findUnique(where) : await ctx.prisma.promotion.findUnique(where);
  if (!row) throw notFound(`No such ${what}.`);
  return row.shopId;
}
