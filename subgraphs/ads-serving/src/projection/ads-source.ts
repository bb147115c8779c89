import type { IdentityCodec } from '@shopgraph/identity/identity';
import { createServiceClient } from '@shopgraph/service-shell/service-client';
import { AdShopIdsDocument, AdShopsDocument, type AdShopsQuery } from '../generated/ads-queries.js';

/** One shop's ads as the ads system has them (ads-queries.graphql asks for it). */
export type AdShop = AdShopsQuery['adShopSnapshots'][number];

/** The ads subgraph's internal API, as the serving projector reads it. */
export interface AdsSource {
  /** In the order of `ids` (at most 500). */
  shops(ids: string[]): Promise<AdShop[]>;
  /** Ids of shops with campaigns, ascending after `after`, at most `first`. */
  shopIds(after: string | null, first: number): Promise<string[]>;
}

export function createAdsSource(options: { url: string; identity: IdentityCodec; timeoutMs?: number }): AdsSource {
  const client = createServiceClient({ ...options, service: 'ads-serving' });
  return {
    shops: async (ids) => (await client.request(AdShopsDocument, { ids })).adShopSnapshots,
    shopIds: async (after, first) => (await client.request(AdShopIdsDocument, { after, first })).adShopIds,
  };
}
