import type { PrismaClient } from '@shopgraph/db/create-prisma';
import type { ReconcileReport } from '@shopgraph/consumer-runtime/consumer-reconcile';
import { idPages } from '@shopgraph/graphql-conventions/paging';
import { recordKnownShops } from './known-shops.js';
import type { ShopSource } from './shop-source.js';

export interface KnownShopsReconcileOptions {
  prisma: PrismaClient;
  source: ShopSource;
  /** Shop ids per call to the shop subgraph. @default 500 */
  pageSize?: number;
}

/**
 * One pass of the known-shops reconcile: pages through the shop system's live shop ids
 * (`shopIds`, ascending) beside the review system's rows of the same id range, and finds
 *
 * - **missing** rows: a live shop the review system does not know (a lost `shop.created`:
 *   `writeReview` would answer NOT_FOUND for it for ever);
 * - **removed** shops: a row not marked deleted for a shop that is not live (a lost
 *   `shop.deleted`), confirmed with `shopSnapshots` before it is marked.
 *
 * A difference is repaired only when the previous pass saw it too: one seen once may be an
 * event still in the queue (a shop created a moment ago), and repairing it would count a
 * loss that never happened. So a lost event is repaired within two intervals. The repair is
 * the consumer's own idempotent write, so it cannot undo a deletion that arrives meanwhile.
 */
export function createKnownShopsReconcile({ prisma, source, pageSize = 500 }: KnownShopsReconcileOptions) {
  let previous = { missing: new Set<number>(), removed: new Set<number>() };

  return async function reconcileKnownShops(stopped: () => boolean = () => false): Promise<ReconcileReport> {
    const found = { missing: new Set<number>(), removed: new Set<number>() };
    let checked = 0;
    let below = 0;
    for await (const ids of idPages((after) => source.shopIds(after, pageSize))) {
      if (stopped()) return { checked, missing: 0, stale: 0, removed: 0 };
      const live = new Set(ids.map(Number));
      const top = Number(ids.at(-1));
      const rows = await prisma.knownShop.findMany({ where: { shopId: { gt: below, lte: top } }, select: { shopId: true, deleted: true } });
      const known = new Set(rows.map((row) => row.shopId));
      for (const id of live) if (!known.has(id)) found.missing.add(id);
      for (const row of rows) if (!row.deleted && !live.has(row.shopId)) found.removed.add(row.shopId);
      checked += live.size;
      below = top;
    }
    // Rows above the last live id: shops deleted since, or created after their page was read.
    for (const row of await prisma.knownShop.findMany({ where: { shopId: { gt: below }, deleted: false }, select: { shopId: true } })) found.removed.add(row.shopId);

    const missing = [...found.missing].filter((id) => previous.missing.has(id));
    const candidates = [...found.removed].filter((id) => previous.removed.has(id));
    previous = found;
    await recordKnownShops(prisma, missing, false);
    const gone: number[] = [];
    for (let i = 0; i < candidates.length; i += pageSize) {
      const batch = candidates.slice(i, i + pageSize);
      const states = await source.shopStates(batch.map(String));
      // Live after all (created after its page was read): not removed.
      batch.forEach((id, index) => {
        if (!states[index] || states[index].deleted) gone.push(id);
      });
    }
    await recordKnownShops(prisma, gone, true);
    return { checked, missing: missing.length, stale: 0, removed: gone.length };
  };
}
