import { Prisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { bigrams } from './bigrams.js';
import type { Position } from './cursor.js';

/**
 * The most matches `totalCount` counts: past it, `totalCount` is this number ("1,000 or
 * more"), and paging goes on through every match. An exact count reads every match of a
 * broad text (a common bigram, no text at all) on every call, page after page.
 */
export const MAX_TOTAL_COUNT = 1000;

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
    // The bigram GIN index finds the candidates (the resolver refuses a text too short to have a bigram).
    conditions.push(Prisma.sql`grams @> ${grams}::text[]`);
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
  const keyset = after ? Prisma.sql`(rank, shop_id) > (${after.rank}, ${after.id})` : Prisma.sql`TRUE`;
  // NOT MATERIALIZED: the total stops reading at MAX_TOTAL_COUNT matches instead of waiting
  // for all of them to be collected; the page is a top-N over the matches as before. The
  // outer join keeps the total when the page is empty.
  const rows = await prisma.$queryRaw<{ shop_id: number | null; rank: number | null; total: bigint }[]>`
    WITH matches AS NOT MATERIALIZED (
      SELECT shop_id, ${rankOf(filter.text)} AS rank FROM "search"."shop_index" WHERE ${whereOf(filter)}
    )
    SELECT page.shop_id, page.rank, (SELECT count(*) FROM (SELECT 1 FROM matches LIMIT ${MAX_TOTAL_COUNT}) AS counted) AS total
    FROM (SELECT 1) AS one
    LEFT JOIN (SELECT shop_id, rank FROM matches WHERE ${keyset} ORDER BY rank, shop_id LIMIT ${first + 1}) AS page ON TRUE
    ORDER BY page.rank, page.shop_id`;
  const found = rows.filter((row): row is { shop_id: number; rank: number; total: bigint } => row.shop_id !== null);
  return {
    matches: found.slice(0, first).map((row) => ({ id: row.shop_id, rank: Number(row.rank) })),
    hasNextPage: found.length > first,
    totalCount: Number(rows[0]?.total ?? 0),
  };
}
