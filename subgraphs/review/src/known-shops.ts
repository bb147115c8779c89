import { Prisma, type PrismaClient } from '@shopgraph/db/create-prisma';

/**
 * Records that shops exist (or were deleted) in the review system's copy: the one write that
 * both the event consumer and the reconcile make. Idempotent and order-free: a deleted shop
 * stays deleted whatever arrives after (deleted is or-ed in, never cleared).
 */
export async function recordKnownShops(prisma: PrismaClient, shopIds: readonly number[], deleted: boolean): Promise<void> {
  if (shopIds.length === 0) return;
  const rows = [...new Set(shopIds)].map((shopId) => Prisma.sql`(${shopId}, ${deleted}, now())`);
  await prisma.$executeRaw`
    INSERT INTO "review"."known_shop" (shop_id, deleted, updated_at) VALUES ${Prisma.join(rows)}
    ON CONFLICT (shop_id) DO UPDATE SET deleted = "known_shop".deleted OR excluded.deleted, updated_at = now()`;
}
