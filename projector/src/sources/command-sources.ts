import type { Audience, IdentityCodec } from '@shopgraph/kit/identity';
import { createServiceClient } from '@shopgraph/kit/service-client';
import type { ShopDocument } from '@shopgraph/read-model';

/** The shop's own fields as the shop subgraph answers them: the document's, plus what orders and links them. */
export interface ShopSnapshot extends Omit<ShopDocument, 'ownerName' | 'rating' | 'recentReviews' | 'sourceVersion' | 'projectedAt'> {
  ownerId: string;
  deleted: boolean;
  version: number;
}

export interface OwnerSnapshot {
  id: string;
  name: string;
  version: number;
}

export interface ReviewSummary {
  count: number;
  average: number;
  recent: ShopDocument['recentReviews'];
}

/** The command side's query APIs, as the projector and the rebuild tools read them. */
export interface CommandSources {
  shopSnapshot(id: string): Promise<ShopSnapshot | null>;
  ownerSnapshot(id: string): Promise<OwnerSnapshot | null>;
  reviewSummary(shopId: string): Promise<ReviewSummary>;
  shopIdsByOwner(ownerId: string): Promise<string[]>;
  /** Bulk (at most 500 ids), in the order of ids. */
  shopSnapshots(ids: string[]): Promise<(ShopSnapshot | null)[]>;
  ownerSnapshots(ids: string[]): Promise<(OwnerSnapshot | null)[]>;
  reviewSummaries(shopIds: string[]): Promise<ReviewSummary[]>;
  /** Live shop ids after a cursor, ascending. */
  shopIds(after: string | null, first: number): Promise<string[]>;
  /** Ids of shops (deleted ones too) changed at or after `since`, after a cursor, ascending. */
  shopIdsChangedSince(since: Date, after: string | null, first: number): Promise<string[]>;
}

const SNAPSHOT_FIELDS = `id ownerId deleted version name category description phone address status
  minOrderAmount deliveryTip notice updatedAt
  openingHours { day opens closes }
  menu { id name description price soldOut popular }
  promotions { id title description startsAt endsAt }`;
const SUMMARY_FIELDS = `count average recent { id shopId rating text author createdAt }`;

const SHOP_SNAPSHOT = /* GraphQL */ `query ShopSnapshot($id: ID!) { shopSnapshot(id: $id) { ${SNAPSHOT_FIELDS} } }`;
const SHOP_SNAPSHOTS = /* GraphQL */ `query ShopSnapshots($ids: [ID!]!) { shopSnapshots(ids: $ids) { ${SNAPSHOT_FIELDS} } }`;
const OWNER_SNAPSHOTS = /* GraphQL */ `query OwnerSnapshots($ids: [ID!]!) { ownerSnapshots(ids: $ids) { id name version } }`;
const REVIEW_SUMMARIES = /* GraphQL */ `query ReviewSummaries($ids: [ID!]!) { reviewSummaries(shopIds: $ids) { ${SUMMARY_FIELDS} } }`;
const SHOP_IDS = /* GraphQL */ `query ShopIds($after: ID, $first: Int!) { shopIds(after: $after, first: $first) }`;
const SHOP_IDS_CHANGED = /* GraphQL */ `query Changed($since: DateTime!, $after: ID, $first: Int!) {
  shopIdsChangedSince(since: $since, after: $after, first: $first) }`;

const OWNER_SNAPSHOT = /* GraphQL */ `
  query OwnerSnapshot($id: ID!) { ownerSnapshot(id: $id) { id name version } }`;

const REVIEW_SUMMARY = /* GraphQL */ `query ReviewSummary($shopId: ID!) { reviewSummary(shopId: $shopId) { ${SUMMARY_FIELDS} } }`;

const SHOP_IDS_BY_OWNER = /* GraphQL */ `
  query ShopIdsByOwner($ownerId: ID!) { shopIdsByOwner(ownerId: $ownerId) }`;

export interface CommandSourcesOptions {
  ownerUrl: string;
  shopUrl: string;
  reviewUrl: string;
  identity: IdentityCodec;
  /** Per-call timeout, ms. */
  timeoutMs?: number;
}

/** Reads the command subgraphs' internal query APIs directly (not through the gateway). */
export function createCommandSources(options: CommandSourcesOptions): CommandSources {
  const client = (url: string, audience: Audience) =>
    createServiceClient({ url, service: 'projector', audience, identity: options.identity, timeoutMs: options.timeoutMs });
  const owner = client(options.ownerUrl, 'owner');
  const shop = client(options.shopUrl, 'shop');
  const review = client(options.reviewUrl, 'review');
  return {
    shopSnapshot: async (id) => (await shop.request<{ shopSnapshot: ShopSnapshot | null }>(SHOP_SNAPSHOT, { id })).shopSnapshot,
    ownerSnapshot: async (id) => (await owner.request<{ ownerSnapshot: OwnerSnapshot | null }>(OWNER_SNAPSHOT, { id })).ownerSnapshot,
    reviewSummary: async (shopId) =>
      (await review.request<{ reviewSummary: ReviewSummary }>(REVIEW_SUMMARY, { shopId })).reviewSummary,
    shopIdsByOwner: async (ownerId) =>
      (await shop.request<{ shopIdsByOwner: string[] }>(SHOP_IDS_BY_OWNER, { ownerId })).shopIdsByOwner,
    shopSnapshots: async (ids) => (await shop.request<{ shopSnapshots: (ShopSnapshot | null)[] }>(SHOP_SNAPSHOTS, { ids })).shopSnapshots,
    ownerSnapshots: async (ids) => (await owner.request<{ ownerSnapshots: (OwnerSnapshot | null)[] }>(OWNER_SNAPSHOTS, { ids })).ownerSnapshots,
    reviewSummaries: async (ids) => (await review.request<{ reviewSummaries: ReviewSummary[] }>(REVIEW_SUMMARIES, { ids })).reviewSummaries,
    shopIds: async (after, first) => (await shop.request<{ shopIds: string[] }>(SHOP_IDS, { after, first })).shopIds,
    shopIdsChangedSince: async (since, after, first) =>
      (await shop.request<{ shopIdsChangedSince: string[] }>(SHOP_IDS_CHANGED, { since: since.toISOString(), after, first }))
        .shopIdsChangedSince,
  };
}
