import { Prisma, type PrismaClient } from '@shopgraph/db/create-prisma';
import { allIds, idPages } from '@shopgraph/graphql-conventions/paging';
import { bigrams, searchTextOf } from './bigrams.js';
import type { CopiedShop, ShopCopy } from '@shopgraph/shop-copy/reconcile-shop-copy';
import type { ShopFacts, ShopSource } from '@shopgraph/shop-copy/shop-source';

const COPIED = { shopId: true, version: true, deleted: true } as const;

/**
 * The search index in PostgreSQL. Writes are ordered by the shop version, so a late or
 * duplicate event never puts an older state over a newer one; a deleted shop keeps a
 * row (deleted = true) with its final version for the same reason. It is a `ShopCopy`, which
 * its reconcile compares with the shop system (reconcile-shop-copy.ts).
 */
export function createSearchIndex(prisma: PrismaClient, source: ShopSource) {
  /** Writes shops' rows in one statement (never an older version over a newer one). */
  async function writeAll(shops: ShopFacts[]): Promise<void> {
    // One row per shop: ON CONFLICT cannot touch a row twice in one statement.
    const latest = new Map<string, ShopFacts>();
    for (const shop of shops) if ((latest.get(shop.id)?.version ?? -1) < shop.version) latest.set(shop.id, shop);
    if (latest.size === 0) return;
    const rows = [...latest.values()].map((shop) => {
      const menuNames = shop.menu.map((item) => item.name);
      const searchText = searchTextOf(shop.name, menuNames);
      return Prisma.sql`(${Number(shop.id)}, ${shop.name}, ${shop.category}, ${shop.status}, ${menuNames.join('\n')}, ${searchText},
              ${bigrams(searchText)}::text[], ${shop.version}, ${shop.deleted}, now())`;
    });
    await prisma.$executeRaw`
      INSERT INTO "search"."shop_index" (shop_id, name, category, status, menu_names, search_text, grams, version, deleted, updated_at)
      VALUES ${Prisma.join(rows)}
      ON CONFLICT (shop_id) DO UPDATE SET
        name = excluded.name, category = excluded.category, status = excluded.status, menu_names = excluded.menu_names,
        search_text = excluded.search_text, grams = excluded.grams, version = excluded.version, deleted = excluded.deleted,
        updated_at = now()
      WHERE "shop_index".version <= excluded.version`;
  }

  /** Re-reads the shops from the shop subgraph (500 per call) and indexes them: two statements per batch. */
  async function indexShops(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      const shops = await source.shopSnapshots(batch);
      await writeAll(shops.filter((shop): shop is ShopFacts => shop !== null));
      // Never existed on the command side: nothing should match them.
      const unknown = batch.filter((_, index) => !shops[index]).map(Number);
      if (unknown.length > 0) await prisma.$executeRaw`DELETE FROM "search"."shop_index" WHERE shop_id = ANY(${unknown}::int[])`;
    }
  }

  /**
   * Rebuilds the whole index from the shop subgraph, in pages, and then re-checks rows
   * of shops that are no longer live (deleted or unknown meanwhile).
   */
  async function rebuild(onProgress: (indexed: number) => void = () => {}): Promise<{ indexed: number; removed: number }> {
    const live = new Set<number>();
    for await (const ids of idPages((after) => source.shopIds(after, 500))) {
      await indexShops(ids);
      for (const id of ids) live.add(Number(id));
      onProgress(live.size);
    }
    const stale = await prisma.searchShop.findMany({ where: { deleted: false }, select: { shopId: true } });
    const gone = stale.map((row) => row.shopId).filter((id) => !live.has(id));
    await indexShops(gone.map(String));
    return { indexed: live.size, removed: gone.length };
  }

  /**
   * Compares every index row and every live shop with what indexing it now would write;
   * returns the ids that differ (a missing row, a stale name, a deleted shop still matched).
   */
  async function verify(): Promise<{ checked: number; drifted: string[] }> {
    const ids = new Set((await allIds((after) => source.shopIds(after, 500))).map(Number));
    for (const row of await prisma.searchShop.findMany({ where: { deleted: false }, select: { shopId: true } })) ids.add(row.shopId);
    const all = [...ids].sort((a, b) => a - b);
    const drifted: string[] = [];
    for (let i = 0; i < all.length; i += 500) {
      const batch = all.slice(i, i + 500);
      const [shops, rows] = await Promise.all([
        source.shopSnapshots(batch.map(String)),
        prisma.searchShop.findMany({ where: { shopId: { in: batch } } }),
      ]);
      const rowById = new Map(rows.map((row) => [row.shopId, row]));
      batch.forEach((id, j) => {
        const shop = shops[j];
        const row = rowById.get(id);
        const expected = shop && !shop.deleted ? [shop.name, shop.category, shop.status, shop.menu.map((m) => m.name).join('\n')] : null;
        const actual = row && !row.deleted ? [row.name, row.category, row.status, row.menuNames] : null;
        if (JSON.stringify(expected) !== JSON.stringify(actual)) drifted.push(String(id));
      });
    }
    return { checked: all.length, drifted };
  }

  const copy: ShopCopy = {
    rowsBetween: (after, upTo): Promise<CopiedShop[]> => prisma.searchShop.findMany({ where: { shopId: { gt: after, lte: upTo } }, select: COPIED }),
    liveRowsAfter: (after): Promise<CopiedShop[]> => prisma.searchShop.findMany({ where: { shopId: { gt: after }, deleted: false }, select: COPIED }),
    copy: indexShops,
  };
  return { indexShops, rebuild, verify, ...copy };
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;
