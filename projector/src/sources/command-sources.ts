import type { Audience, IdentityCodec } from '@shopgraph/identity/identity';
import { createServiceClient } from '@shopgraph/service-shell/service-client';
import { OwnerSnapshotDocument, OwnerSnapshotsDocument, type OwnerSnapshotFieldsFragment } from '../generated/owner-queries.js';
import { ReviewCountsDocument, ReviewSummariesDocument, ReviewSummaryDocument, type ReviewSummaryFieldsFragment } from '../generated/review-queries.js';
import {
  ShopIdsByOwnerDocument,
  ShopIdsChangedSinceDocument,
  ShopIdsDocument,
  ShopSnapshotDocument,
  ShopSnapshotsDocument,
  ShopVersionsDocument,
  type ShopSnapshotFieldsFragment,
  type ShopVersionsQuery,
} from '../generated/shop-queries.js';

/** The shop's own fields as the shop subgraph answers them (shop-queries.graphql): the document's, plus what orders and links them. */
export type ShopSnapshot = ShopSnapshotFieldsFragment;
export type OwnerSnapshot = OwnerSnapshotFieldsFragment;
export type ReviewSummary = ReviewSummaryFieldsFragment;
/** A live shop's current version and owner: what an audit compares a document's versions with. */
export type ShopVersion = ShopVersionsQuery['shopVersions'][number];

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
  /** Live shops' versions and owners after a cursor, ascending by id. */
  shopVersions(after: string | null, first: number): Promise<ShopVersion[]>;
  /** Bulk (at most 500 shop ids), in the order of ids: each shop's review count, its reviews' version. */
  reviewCounts(shopIds: string[]): Promise<number[]>;
  /** Ids of shops (deleted ones too) changed at or after `since`, after a cursor, ascending. */
  shopIdsChangedSince(since: Date, after: string | null, first: number): Promise<string[]>;
}

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
    shopSnapshot: async (id) => (await shop.request(ShopSnapshotDocument, { id })).shopSnapshot,
    ownerSnapshot: async (id) => (await owner.request(OwnerSnapshotDocument, { id })).ownerSnapshot,
    reviewSummary: async (shopId) => (await review.request(ReviewSummaryDocument, { shopId })).reviewSummary,
    shopIdsByOwner: async (ownerId) => (await shop.request(ShopIdsByOwnerDocument, { ownerId })).shopIdsByOwner,
    shopSnapshots: async (ids) => (await shop.request(ShopSnapshotsDocument, { ids })).shopSnapshots,
    ownerSnapshots: async (ids) => (await owner.request(OwnerSnapshotsDocument, { ids })).ownerSnapshots,
    reviewSummaries: async (ids) => (await review.request(ReviewSummariesDocument, { ids })).reviewSummaries,
    shopIds: async (after, first) => (await shop.request(ShopIdsDocument, { after, first })).shopIds,
    shopVersions: async (after, first) => (await shop.request(ShopVersionsDocument, { after, first })).shopVersions,
    reviewCounts: async (ids) => (await review.request(ReviewCountsDocument, { ids })).reviewCounts,
    shopIdsChangedSince: async (since, after, first) =>
      (await shop.request(ShopIdsChangedSinceDocument, { since: since.toISOString(), after, first })).shopIdsChangedSince,
  };
}
