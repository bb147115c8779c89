import { AREA_CODE } from '@shopgraph/ads-store/area-code';
import type { AdsStore } from '@shopgraph/ads-store/ads-store';
import type { Candidate } from '@shopgraph/ads-store/read-candidates';
import type { Clock } from '@shopgraph/ads-store/clock';
import { seoulDay } from '@shopgraph/ads-store/seoul-day';
import { badInput } from '@shopgraph/graphql-conventions/errors';
import { servingMetrics } from '../serving-metrics.js';
import { selectSlate } from './select-slate.js';
import type { TrackingTokens } from './tracking-token.js';

const DEFAULT_FIRST = 3;
const MAX_FIRST = 10;
/** Candidates read at most for one answer: past this, the area's ranking is all campaigns that cannot serve now. */
const MAX_CANDIDATES = 2000;

/** One slot of the answer; `shop` is a reference the display subgraph fills in through federation. */
export interface SponsoredSlot {
  position: number;
  trackingToken: string;
  shop: { __typename: 'Shop'; id: string };
}

/**
 * `sponsoredShops`: the area's (or area and category's) highest serving bids from the serving
 * store alone (one script on the area's slot, usually one call), equal bids taking turns, each
 * slot counted as an impression and given a tracking token. Answers shop ids only.
 */
export function createSponsoredShops({ store, tokens, clock }: { store: AdsStore; tokens: TrackingTokens; clock: Clock }) {
  const metrics = servingMetrics();
  return async function sponsoredShops(area: string, category: string | null, first: number | null | undefined): Promise<SponsoredSlot[]> {
    if (!AREA_CODE.test(area)) throw badInput('area', 'area must be an area code of 2 to 40 characters a-z, 0-9 and -, e.g. seoul-gangnam.');
    const wanted = first ?? DEFAULT_FIRST;
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX_FIRST) throw badInput('first', `first must be 1 to ${MAX_FIRST}.`);
    const now = clock.now();
    const day = seoulDay(now);
    let limit = Math.max(20, wanted * 4);
    let slate: Candidate[] = [];
    for (;;) {
      const { candidates, more } = await store.candidates(area, category, day, limit);
      slate = selectSlate(candidates, wanted, now);
      // Usually the first read: more only when the highest bids cannot serve now (not started, spent).
      if (slate.length === wanted || !more || limit >= MAX_CANDIDATES) break;
      limit *= 4;
    }
    await store.countImpressions(slate.map((slot) => slot.campaignId), day);
    metrics.slates.inc({ listing: category ? 'category' : 'home' });
    metrics.impressions.inc(slate.length);
    metrics.emptySlots.inc(wanted - slate.length);
    return slate.map((slot, index) => ({
      position: index + 1,
      trackingToken: tokens.issue({ campaignId: slot.campaignId, shopId: slot.shopId, bid: slot.bid, issuedAt: now }),
      shop: { __typename: 'Shop', id: slot.shopId },
    }));
  };
}

export type SponsoredShops = ReturnType<typeof createSponsoredShops>;
