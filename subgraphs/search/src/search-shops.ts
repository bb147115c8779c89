import { Prisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { bigrams } from './bigrams.js';
import type { Position } from './cursor.js';

export interface SearchFilter {
  text?: string;
  category?: string;
  openOnly?: boolean;
}

/** `%`, `_` and `\` match literally in the user's text. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Relevance: 0 exact name, 1 name prefix, 2 name substring, 3 menu item name only.
 * Without text every shop ranks 0, so the order is by id.
 */
function rankOf(text: string | undefined): Prisma.Sql {
  if (!text) return Prisma.sql`0`;
  const escaped = escapeLike(text);
  return Prisma.sql`CASE
    WHEN lower(name) = lower(${text}) THEN 0
    WHEN name ILIKE ${`${escaped}%`} THEN 1
    WHEN name ILIKE ${`%${escaped}%`} THEN 2
    ELSE 3 END`;
}

function whereOf(filter: SearchFilter): Prisma.Sql {
  const conditions = [Prisma.sql`NOT deleted`];
  if (filter.text) {
    const grams = bigrams(filter.text);
    // The bigram GIN index finds the candidates; a one-character query scans.
    if (grams.length > 0) conditions.push(Prisma.sql`grams @> ${grams}::text[]`);
    conditions.push(Prisma.sql`search_text ILIKE ${`%${escapeLike(filter.text.toLowerCase())}%`}`);
  }
  if (filter.category) conditions.push(Prisma.sql`category = ${filter.category}`);
  if (filter.openOnly) conditions.push(Prisma.sql`status = 'OPEN'`);
  return Prisma.join(conditions, ' AND ');
}

/**
 * One page of matching shop ids, keyset-paginated on (rank, id): stable across pages
 * even when shops are added between them, and cheap at any depth.
 */
export async function searchShopIds(prisma: PrismaClient, filter: SearchFilter, first: number, after?: Position) {
  const where = whereOf(filter);
  const rank = rankOf(filter.text);
  const [rows, [total]] = await Promise.all([
    prisma.$queryRaw<{ shop_id: number; rank: number }[]>`
      SELECT shop_id, rank FROM (
        SELECT shop_id, ${rank} AS rank FROM "search"."shop_index" WHERE ${where}
      ) matches
      WHERE ${after ? Prisma.sql`(rank, shop_id) > (${after.rank}, ${after.id})` : Prisma.sql`TRUE`}
      ORDER BY rank, shop_id
      LIMIT ${first + 1}`,
    prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM "search"."shop_index" WHERE ${where}`,
  ]);
  return {
    matches: rows.slice(0, first).map((row) => ({ id: row.shop_id, rank: Number(row.rank) })),
    hasNextPage: rows.length > first,
    totalCount: Number(total?.count ?? 0),
  };
}
