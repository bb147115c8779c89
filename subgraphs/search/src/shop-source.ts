import type { IdentityCodec } from '@shopgraph/kit/identity';
import { createServiceClient } from '@shopgraph/kit/service-client';
import { SearchableShopsDocument, ShopIdsDocument, type SearchableShopsQuery } from './generated/shop-queries.js';

/** What search needs of a shop: nothing it does not match or filter on (shop-queries.graphql asks for it). */
export type SearchableShop = NonNullable<SearchableShopsQuery['shopSnapshots'][number]>;

export interface ShopSource {
  shopSnapshots(ids: string[]): Promise<(SearchableShop | null)[]>;
  shopIds(after: string | null, first: number): Promise<string[]>;
}

/** The shop subgraph's internal query API, read as the `search` service. */
export function createShopSource(options: { url: string; identity: IdentityCodec; timeoutMs?: number }): ShopSource {
  const client = createServiceClient({ ...options, service: 'search' });
  return {
    shopSnapshots: async (ids) => (await client.request(SearchableShopsDocument, { ids })).shopSnapshots,
    shopIds: async (after, first) => (await client.request(ShopIdsDocument, { after, first })).shopIds,
  };
}
