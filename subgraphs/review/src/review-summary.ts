import type { PrismaClient } from '@shopgraph/db/create-prisma';

/** A shop's rating and its three newest reviews, as the read model shows them. */
export async function reviewSummary(prisma: PrismaClient, shopId: number) {
  const [aggregate, recent] = await Promise.all([
    prisma.review.aggregate({ where: { shopId }, _count: { _all: true }, _avg: { rating: true } }),
    prisma.review.findMany({ where: { shopId }, orderBy: { id: 'desc' }, take: 3 }),
  ]);
  return {
    shopId: String(shopId),
    count: aggregate._count._all,
    average: Math.round((aggregate._avg.rating ?? 0) * 100) / 100,
    recent: recent.map((row) => ({ ...row, id: String(row.id), shopId: String(row.shopId) })),
  };
}
