import type { ReconcileReport } from '@shopgraph/consumer-runtime/consumer-reconcile';
import { cursorPages } from '@shopgraph/graphql-conventions/paging';
import type { ShopSource } from './shop-source.js';

/** A row of a shop copy as the reconcile compares it: its shop, the version it was written from, whether it says deleted. */
export interface CopiedShop {
  shopId: number;
  version: number;
  deleted: boolean;
}

/** A system's own copy of shops, kept from shop events (the search index, the ads system's known shops). */
export interface ShopCopy {
  /** The rows of shops with ids in (after, upTo]. */
  rowsBetween(after: number, upTo: number): Promise<CopiedShop[]>;
  /** The rows not marked deleted of shops with ids above `after`. */
  liveRowsAfter(after: number): Promise<CopiedShop[]>;
  /** Copies these shops again from the source, with the consumer's own versioned write. */
  copy(shopIds: string[]): Promise<void>;
}

export interface ShopCopyReconcileOptions {
  source: ShopSource;
  copy: ShopCopy;
  /** Shops per call to the shop subgraph. @default 500 */
  pageSize?: number;
}

type Kind = 'missing' | 'stale' | 'removed';
/** A difference seen by a pass: its kind, the version the source had then, the row's version then (-1: none). */
interface Difference {
  kind: Kind;
  sourceVersion: number;
  rowVersion: number;
}

/**
 * One pass of a shop copy's reconcile: pages through the shop system's live shops and their
 * versions (`shopVersions`) beside the copy's rows of the same id range, and finds
 *
 * - **missing** rows: a live shop the copy does not have (a lost `shop.created`);
 * - **stale** rows: a row older than the shop (a lost change: an old name still matches, an
 *   old status still served);
 * - **removed** shops: a row still live for a shop that is not (a lost `shop.deleted`),
 *   confirmed with its snapshot.
 *
 * A difference is repaired only when the previous pass saw it too and the row has not caught
 * up with the version the source had then: an event still in the queue is not a loss. A lost
 * event is so repaired within two intervals, by the consumer's own versioned write
 * (`copy.copy`), which never puts an older state over a newer one. A pass reads ids and
 * versions, and a shop's facts only to confirm a removal or to repair: until 2026-12-05 it read
 * every live shop's snapshot, about what a full `reindex` reads.
 */
export function createShopCopyReconcile({ source, copy, pageSize = 500 }: ShopCopyReconcileOptions) {
  let previous = new Map<number, Difference>();

  return async function reconcileShopCopy(stopped: () => boolean = () => false): Promise<ReconcileReport> {
    const found = new Map<number, Difference>();
    let checked = 0;
    let below = 0;
    for await (const shops of cursorPages((after) => source.shopVersions(after, pageSize), (shop) => shop.id)) {
      if (stopped()) return { checked, missing: 0, stale: 0, removed: 0 };
      const top = Number(shops.at(-1)!.id);
      const rows = await copy.rowsBetween(below, top);
      const rowById = new Map(rows.map((row) => [row.shopId, row]));
      const live = new Set(shops.map((shop) => Number(shop.id)));
      for (const shop of shops) {
        const id = Number(shop.id);
        const row = rowById.get(id);
        if (!row) found.set(id, { kind: 'missing', sourceVersion: shop.version, rowVersion: -1 });
        else if (row.deleted || row.version < shop.version) found.set(id, { kind: 'stale', sourceVersion: shop.version, rowVersion: row.version });
      }
      for (const row of rows) if (!row.deleted && !live.has(row.shopId)) found.set(row.shopId, { kind: 'removed', sourceVersion: -1, rowVersion: row.version });
      checked += shops.length;
      below = top;
    }
    // Rows above the last live id: shops deleted since, or created after their page was read.
    const beyond = await copy.liveRowsAfter(below);
    for (const row of beyond) found.set(row.shopId, { kind: 'removed', sourceVersion: -1, rowVersion: row.version });

    const lost = [...found].filter(([id, now]) => {
      const before = previous.get(id);
      return before !== undefined && (now.kind !== 'stale' || now.rowVersion < before.sourceVersion);
    });
    previous = found;
    const removals = lost.filter(([, difference]) => difference.kind === 'removed').map(([id]) => id);
    const live = new Set<number>();
    for (let i = 0; i < removals.length; i += pageSize) {
      const batch = removals.slice(i, i + pageSize);
      // Created after its page was read, not removed: left to its event.
      const shops = await source.shopSnapshots(batch.map(String));
      batch.forEach((id, position) => shops[position] && !shops[position].deleted && live.add(id));
    }
    const repairs = lost.filter(([id]) => !live.has(id));
    await copy.copy(repairs.map(([id]) => String(id)));
    const count = (kind: Kind) => repairs.filter(([, difference]) => difference.kind === kind).length;
    return { checked, missing: count('missing'), stale: count('stale'), removed: count('removed') };
  };
}
