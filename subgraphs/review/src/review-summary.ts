import type { PrismaClient } from '@shopgraph/db/create-prisma';

/** A shop's rating and its three newest reviews, as the read model shows them. */
export async function reviewSummary(prisma: PrismaClient, shopId: number) {
  const [summary] = await reviewSummaries(prisma, [String(shopId)]);
  return summary!;
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

type SummaryRow = { shop_id: number; count: number; average: number; id: number | null; rating: number | null; text: string | null; author: string | null; created_at: Date | null };

/**
 * Summaries of many shops, in the order of `shopIds`. One statement, so one snapshot: the
 * count (which the projector versions the reviews by), the average and the newest three are of
 * the same moment. Two queries side by side, as before, could see a review committed between
 * them, and the read model then kept a count with a review missing from its newest.
 */
export async function reviewSummaries(prisma: PrismaClient, shopIds: string[]) {
  const rows = await prisma.$queryRaw<SummaryRow[]>`
    SELECT totals.shop_id, totals.count, totals.average, newest.id, newest.rating, newest.text, newest.author, newest.created_at
    FROM (
      SELECT shop_id, count(*)::int AS count, avg(rating)::float8 AS average
      FROM "review"."review" WHERE shop_id = ANY(${dbIds(shopIds)}::int[]) GROUP BY shop_id
    ) totals
    CROSS JOIN LATERAL (
      SELECT id, rating, text, author, created_at FROM "review"."review"
      WHERE shop_id = totals.shop_id ORDER BY id DESC LIMIT 3
    ) newest
    ORDER BY totals.shop_id, newest.id DESC`;
  const byShop = new Map<string, SummaryRow[]>();
  for (const row of rows) byShop.set(String(row.shop_id), [...(byShop.get(String(row.shop_id)) ?? []), row]);
  return shopIds.map((shopId) => {
    const own = byShop.get(shopId) ?? [];
    return {
      shopId,
      count: own[0]?.count ?? 0,
      average: Math.round((own[0]?.average ?? 0) * 100) / 100,
      recent: own.map((row) => ({
        id: String(row.id),
        shopId,
        rating: row.rating!,
        text: row.text!,
        author: row.author!,
        createdAt: row.created_at!,
      })),
    };
  });
}
