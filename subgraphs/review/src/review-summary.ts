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

/** Ids a review's shop_id column can hold; others have no reviews. */
const dbIds = (shopIds: string[]) => shopIds.map(Number).filter((id) => Number.isInteger(id) && id > 0 && id <= 2_147_483_647);

/**
 * How many reviews each shop has, in the order of `shopIds`: one query, answered from the
 * (shop_id, id) index. Raw SQL rather than Prisma's groupBy, which builds its query and maps
 * its rows per call: an audit asks for every shop's count, 500 at a time.
 */
export async function reviewCounts(prisma: PrismaClient, shopIds: string[]): Promise<number[]> {
  const counts = await prisma.$queryRaw<{ shop_id: number; count: number }[]>`
    SELECT shop_id, count(*)::int AS count FROM "review"."review" WHERE shop_id = ANY(${dbIds(shopIds)}::int[]) GROUP BY shop_id`;
  const byShop = new Map(counts.map((c) => [String(c.shop_id), c.count]));
  return shopIds.map((shopId) => byShop.get(shopId) ?? 0);
}

type ReviewRow = { id: number; shop_id: number; rating: number; text: string; author: string; created_at: Date };

/** Summaries of many shops in two queries (aggregates, and the three newest per shop). */
export async function reviewSummaries(prisma: PrismaClient, shopIds: string[]) {
  const ids = dbIds(shopIds);
  const [aggregates, recent] = await Promise.all([
    prisma.review.groupBy({ by: ['shopId'], where: { shopId: { in: ids } }, _count: { _all: true }, _avg: { rating: true } }),
    prisma.$queryRaw<ReviewRow[]>`
      SELECT id, shop_id, rating, text, author, created_at FROM (
        SELECT *, row_number() OVER (PARTITION BY shop_id ORDER BY id DESC) AS n
        FROM "review"."review" WHERE shop_id = ANY(${ids}::int[])
      ) newest WHERE n <= 3 ORDER BY shop_id, id DESC`,
  ]);
  const byShop = new Map(aggregates.map((a) => [String(a.shopId), a]));
  const recentByShop = new Map<string, ReviewRow[]>();
  for (const row of recent) recentByShop.set(String(row.shop_id), [...(recentByShop.get(String(row.shop_id)) ?? []), row]);
  return shopIds.map((shopId) => {
    const aggregate = byShop.get(shopId);
    return {
      shopId,
      count: aggregate?._count._all ?? 0,
      average: Math.round((aggregate?._avg.rating ?? 0) * 100) / 100,
      recent: (recentByShop.get(shopId) ?? []).map((row) => ({
        id: String(row.id),
        shopId,
        rating: row.rating,
        text: row.text,
        author: row.author,
        createdAt: row.created_at,
      })),
    };
  });
}
