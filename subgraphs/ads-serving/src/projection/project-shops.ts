import type { AdsStore } from '@shopgraph/ads-store/ads-store';
import type { Clock } from '@shopgraph/ads-store/clock';
import type { AdsSource } from './ads-source.js';
import { campaignEntries } from './campaign-entries.js';

/** Shops per call to the ads subgraph (its limit). */
const BATCH = 500;
/** Reads again at most this many times when a concurrent writer left a state incomparable with the one read. */
const MAX_CONFLICT_RETRIES = 5;

/**
 * Brings the serving store in step with the ads system for some shops: re-reads their campaigns
 * (and what ads knows of each shop) and writes them, versioned, so a late, repeated or collapsed
 * event projects the latest state and never an older one. `force`: rewrites states whose
 * versions the store already has (a rebuild after a loss).
 */
export function createServingProjection({ source, store, clock }: { source: AdsSource; store: AdsStore; clock: Clock }) {
  return async function projectShops(shopIds: readonly string[], { force = false } = {}): Promise<{ campaigns: number }> {
    let campaigns = 0;
    for (let i = 0; i < shopIds.length; i += BATCH) {
      let pending = shopIds.slice(i, i + BATCH);
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        const shops = await source.shops(pending);
        const entries = shops.map(campaignEntries);
        const results = await store.writeCampaigns(entries.flat(), clock.now(), { force });
        campaigns += results.length;
        let at = 0;
        const conflicted = shops.filter((_, index) => results.slice(at, (at += entries[index]!.length)).includes('conflict'));
        if (conflicted.length > 0 && attempt >= MAX_CONFLICT_RETRIES) throw new Error(`serving store: shops ${conflicted.map((s) => s.shopId).join(', ')} kept conflicting`);
        pending = conflicted.map((shop) => shop.shopId);
      }
    }
    return { campaigns };
  };
}

export type ServingProjection = ReturnType<typeof createServingProjection>;
