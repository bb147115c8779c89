import type { IdentityCodec } from '@shopgraph/kit/identity';
import { createServiceClient } from '@shopgraph/kit/service-client';

/** What search needs of a shop: nothing it does not match or filter on. */
export interface SearchableShop {
  id: string;
  deleted: boolean;
  version: number;
  name: string;
  category: string;
  status: string;
  menu: { name: string }[];
}

export interface ShopSource {
  shopSnapshots(ids: string[]): Promise<(SearchableShop | null)[]>;
  shopIds(after: string | null, first: number): Promise<string[]>;
}

const SNAPSHOTS = /* GraphQL */ `
  query SearchableShops($ids: [ID!]!) {
    shopSnapshots(ids: $ids) { id deleted version name category status menu { name } }
  }`;
const IDS = /* GraphQL */ `query ShopIds($after: ID, $first: Int!) { shopIds(after: $after, first: $first) }`;

/** The shop subgraph's internal query API, read as the `search` service. */
export function createShopSource(options: { url: string; identity: IdentityCodec; timeoutMs?: number }): ShopSource {
  const client = createServiceClient({ ...options, service: 'search' });
  return {
    shopSnapshots: async (ids) => (await client.request<{ shopSnapshots: (SearchableShop | null)[] }>(SNAPSHOTS, { ids })).shopSnapshots,
    shopIds: async (after, first) => (await client.request<{ shopIds: string[] }>(IDS, { after, first })).shopIds,
  };
}
