import type { AdsStore } from '@shopgraph/ads-store/ads-store';
import type { ReconcileReport } from '@shopgraph/consumer-runtime/consumer-reconcile';
import { idPages } from '@shopgraph/graphql-conventions/paging';
import type { AdsSource } from './ads-source.js';
import { campaignEntries } from './campaign-entries.js';
import type { ServingProjection } from './project-shops.js';

type Kind = 'missing' | 'stale';

/**
 * One pass of the serving store's reconcile: pages through the ads system's shops with
 * campaigns beside the store's versions of their campaigns, and finds campaigns the store does
 * not have (a lost `ad.campaign.created`) or holds older than the ads system (a lost change,
 * pause or shop event). A difference is repaired only when the previous pass saw it too and the
 * store has not caught up since (an event still in the queue is not a loss), by the projector's
 * own versioned write of the whole shop: a lost event is repaired within two intervals.
 */
export function createServingStoreReconcile({ source, store, project, pageSize = 500 }: { source: AdsSource; store: AdsStore; project: ServingProjection; pageSize?: number }) {
  let previous = new Map<string, { kind: Kind; shopId: string; campaign: number; shop: number }>();

  return async function reconcileServingStore(stopped: () => boolean = () => false): Promise<ReconcileReport> {
    const found = new Map<string, { kind: Kind; shopId: string; campaign: number; shop: number }>();
    let checked = 0;
    for await (const ids of idPages((after) => source.shopIds(after, pageSize))) {
      if (stopped()) return { checked, missing: 0, stale: 0, removed: 0 };
      const entries = (await source.shops(ids)).flatMap(campaignEntries);
      const stored = await store.campaignVersions(entries.map((entry) => entry.state.campaignId));
      entries.forEach(({ state }, index) => {
        const versions = stored[index];
        const difference = { shopId: state.shopId, campaign: state.campaignVersion, shop: state.shopVersion };
        if (!versions) found.set(state.campaignId, { kind: 'missing', ...difference });
        else if (versions.campaign < state.campaignVersion || versions.shop < state.shopVersion) found.set(state.campaignId, { kind: 'stale', ...difference });
      });
      checked += ids.length;
    }
    const lost = [...found].filter(([campaignId]) => previous.has(campaignId));
    previous = found;
    await project([...new Set(lost.map(([, difference]) => difference.shopId))]);
    const count = (kind: Kind) => lost.filter(([, difference]) => difference.kind === kind).length;
    return { checked, missing: count('missing'), stale: count('stale'), removed: 0 };
  };
}
