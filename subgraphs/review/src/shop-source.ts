import type { IdentityCodec } from '@shopgraph/identity/identity';
import { createServiceClient } from '@shopgraph/service-shell/service-client';
import { ShopIdsDocument, ShopStatesDocument, type ShopStatesQuery } from './generated/shop-queries.js';

/** What the review system needs to know of a shop: that it exists, or was deleted (shop-queries.graphql asks for it). */
export type ShopExistence = NonNullable<ShopStatesQuery['shopSnapshots'][number]>;

/** The shop subgraph's internal paged APIs, as the known-shops reconcile reads them. */
export interface ShopSource {
  /** Live shop ids in ascending order after `after`, at most `first`. */
  shopIds(after: string | null, first: number): Promise<string[]>;
  /** In the order of `ids` (at most 500), null where a shop never existed. */
  shopStates(ids: string[]): Promise<(ShopExistence | null)[]>;
}

/** The shop subgraph's internal query API, read as the `review` service. */
export function createShopSource(options: { url: string; identity: IdentityCodec; timeoutMs?: number }): ShopSource {
  const client = createServiceClient({ ...options, service: 'review' });
  return {
    shopIds: async (after, first) => (await client.request(ShopIdsDocument, { after, first })).shopIds,
    shopStates: async (ids) => (await client.request(ShopStatesDocument, { ids })).shopSnapshots,
  };
}
