import type { IdentityCodec } from '@shopgraph/kit/identity';
import { createServiceClient } from '@shopgraph/kit/service-client';

/** What the review system needs to know of a shop: that it exists, or was deleted. */
export interface ShopExistence {
  id: string;
  deleted: boolean;
}

/** The shop subgraph's internal paged APIs, as the known-shops reconcile reads them. */
export interface ShopSource {
  /** Live shop ids in ascending order after `after`, at most `first`. */
  shopIds(after: string | null, first: number): Promise<string[]>;
  /** In the order of `ids` (at most 500), null where a shop never existed. */
  shopStates(ids: string[]): Promise<(ShopExistence | null)[]>;
}

const IDS = /* GraphQL */ `query ShopIds($after: ID, $first: Int!) { shopIds(after: $after, first: $first) }`;
const STATES = /* GraphQL */ `query ShopStates($ids: [ID!]!) { shopSnapshots(ids: $ids) { id deleted } }`;

/** The shop subgraph's internal query API, read as the `review` service. */
export function createShopSource(options: { url: string; identity: IdentityCodec; timeoutMs?: number }): ShopSource {
  const client = createServiceClient({ ...options, service: 'review' });
  return {
    shopIds: async (after, first) => (await client.request<{ shopIds: string[] }>(IDS, { after, first })).shopIds,
    shopStates: async (ids) => (await client.request<{ shopSnapshots: (ShopExistence | null)[] }>(STATES, { ids })).shopSnapshots,
  };
}
