import type { AdsStore } from '@shopgraph/ads-store/ads-store';
import type { Clock } from '@shopgraph/ads-store/clock';
import { seoulDay } from '@shopgraph/ads-store/seoul-day';
import { badInput, codedError } from '@shopgraph/graphql-conventions/errors';
import { TRACKING_TOKEN_TTL_MS, type TrackingTokens } from '../serving/tracking-token.js';
import { clickMetrics } from './click-metrics.js';

/** A counted token is remembered a minute past its life: by then it is refused as expired anyway. */
const REMEMBER_MS = TRACKING_TOKEN_TTL_MS + 60_000;

/**
 * `recordAdClick`: a token this service never issued (or one changed) is BAD_USER_INPUT; an
 * expired one is false; otherwise the click is counted and charged at the bid its slot was
 * served at, against the budget of the day it arrives, once per token and never past the budget
 * (one script on the campaign's slot). True only when this call charged it. A campaign the store
 * does not have while it is being rebuilt is a retryable SERVICE_UNAVAILABLE: the click is not
 * lost to a rebuild. PostgreSQL is not involved: the click recorder (ads subgraph) moves it there.
 */
export function createRecordClick({ store, tokens, clock }: { store: AdsStore; tokens: TrackingTokens; clock: Clock }) {
  const metrics = clickMetrics();
  return async function recordClick(trackingToken: string): Promise<boolean> {
    const claims = tokens.verify(trackingToken);
    if (!claims) {
      metrics.refused.inc({ reason: 'forged' });
      throw badInput('trackingToken', 'trackingToken was not issued by a sponsored slot.');
    }
    const now = clock.now();
    if (now - claims.issuedAt > TRACKING_TOKEN_TTL_MS) {
      metrics.refused.inc({ reason: 'expired' });
      return false;
    }
    const outcome = await store.charge({ campaignId: claims.campaignId, bid: claims.bid, nonce: claims.nonce, at: now, day: seoulDay(now), rememberMs: REMEMBER_MS });
    if (outcome === 'unknown' && !(await store.generation())) {
      metrics.refused.inc({ reason: 'rebuilding' });
      throw codedError('SERVICE_UNAVAILABLE', 'Sponsored slots are being restored; try again in a moment.', { retryAfter: 1 });
    }
    if (outcome !== 'charged') {
      metrics.refused.inc({ reason: outcome });
      return false;
    }
    metrics.clicks.inc();
    metrics.charged.inc(claims.bid);
    return true;
  };
}

export type RecordClick = ReturnType<typeof createRecordClick>;
