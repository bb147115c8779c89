import { allIds } from '@shopgraph/graphql-conventions/paging';
import type { ReadModelStore } from '@shopgraph/read-model';
import type { ShopDocument } from '@shopgraph/read-model';
import type { CommandSources } from '../sources/command-sources.js';
import { BATCH_SIZE, projectionsOf } from './rebuild.js';

export interface VerifyReport {
  checked: number;
  drifted: string[];
  /** Live shops no document can be built for (owner or reviews unknown to the command side): not compared. */
  unprojectable: string[];
}

/**
 * What a customer would see, for comparison: without `projectedAt` (when, not what) and
 * with promotions as shown now (a promotion that ended since projection is not drift;
 * the API already hides it).
 */
function visible(document: ShopDocument | null): string {
  if (!document) return 'null';
  const now = new Date().toISOString();
  const { projectedAt: _projectedAt, promotions, ...rest } = document;
  return JSON.stringify({ ...rest, promotions: (promotions ?? []).filter((p) => p.startsAt <= now && now < p.endsAt) });
}

/**
 * Compares every shop's document with a projection of the current source state: every
 * live shop, and every document in Redis. A shop that differs is checked once more after
 * a moment, so an event still in flight is not reported as drift.
 */
export async function verifyReadModel(sources: CommandSources, store: ReadModelStore, settleMs = 1000): Promise<VerifyReport> {
  const ids = new Set(await allIds((after) => sources.shopIds(after, 500)));
  for await (const page of store.documentIds()) for (const id of page) ids.add(id);

  const unprojectable = new Set<string>();
  const differing = async (candidates: string[]) => {
    const found: string[] = [];
    for (let i = 0; i < candidates.length; i += BATCH_SIZE) {
      const batch = candidates.slice(i, i + BATCH_SIZE);
      const [projections, raws] = await Promise.all([projectionsOf(sources, batch), store.getRaw(batch)]);
      batch.forEach((id, j) => {
        const projection = projections.get(id);
        if (projection && 'unprojectable' in projection) return void unprojectable.add(id);
        const expected = projection?.document ?? null;
        const actual = raws[j] ? (JSON.parse(raws[j]!) as ShopDocument) : null;
        if (visible(expected) !== visible(actual)) found.push(id);
      });
    }
    return found;
  };

  const all = [...ids].sort((a, b) => Number(a) - Number(b));
  let drifted = await differing(all);
  if (drifted.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    drifted = await differing(drifted);
  }
  return { checked: all.length, drifted, unprojectable: [...unprojectable] };
}
