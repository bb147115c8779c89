import type { IdentityCodec } from '@shopgraph/identity/identity';
import { createServiceClient } from '@shopgraph/service-shell/service-client';
import { ShopFactsDocument, ShopIdsDocument, ShopListedVersionsDocument, type ShopFactsQuery } from './generated/shop-queries.js';

/** What a system keeping its own copy of shops reads of one (shop-queries.graphql asks for it). */
export type ShopFacts = NonNullable<ShopFactsQuery['shopSnapshots'][number]>;

/** The shop subgraph's internal APIs, as the shop copies (the search index, the ads system's known shops) read them. */
export interface ShopSource {
  /** In the order of `ids` (at most 500), null where a shop never existed. */
  shopSnapshots(ids: string[]): Promise<(ShopFacts | null)[]>;
  /** Live shop ids in ascending order after `after`, at most `first`. */
  shopIds(after: string | null, first: number): Promise<string[]>;
  /** Live shops' ids and versions (as `ShopFacts.version`) in ascending order of id after `after`, at most `first`. */
  shopVersions(after: string | null, first: number): Promise<{ id: string; version: number }[]>;
}

/** The shop subgraph's internal query API, read as `service` (one that INTERNAL_CALLERS lets call the shop subgraph). */
export function createShopSource(options: { url: string; service: 'search' | 'ads'; identity: IdentityCodec; timeoutMs?: number }): ShopSource {
  const client = createServiceClient(options);
  return {
    shopSnapshots: async (ids) => (await client.request(ShopFactsDocument, { ids })).shopSnapshots,
    shopIds: async (after, first) => (await client.request(ShopIdsDocument, { after, first })).shopIds,
    shopVersions: async (after, first) => (await client.request(ShopListedVersionsDocument, { after, first })).shopVersions,
  };
}
