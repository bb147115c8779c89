import type { IdentityCodec } from '@shopgraph/kit/identity';
import { createServiceClient } from '@shopgraph/kit/service-client';

export interface ShopSnapshot {
  id: string;
  ownerId: string;
  deleted: boolean;
  version: number;
  name: string;
  category: string;
  description: string | null;
  phone: string;
  address: string;
  status: 'OPEN' | 'PAUSED' | 'CLOSED';
  minOrderAmount: number;
  deliveryTip: number;
  openingHours: { day: string; opens: string; closes: string }[];
  notice: string | null;
  menu: { id: string; name: string; description: string | null; price: number; soldOut: boolean; popular: boolean }[];
  promotions: { id: string; title: string; description: string | null; startsAt: string; endsAt: string }[];
  updatedAt: string;
}

export interface OwnerSnapshot {
  id: string;
  name: string;
  version: number;
}

export interface ReviewSummary {
  count: number;
  average: number;
  recent: { id: string; shopId: string; rating: number; text: string; author: string; createdAt: string }[];
}

/** The command side's query APIs, as the projector reads them. */
export interface CommandSources {
  shopSnapshot(id: string): Promise<ShopSnapshot | null>;
  ownerSnapshot(id: string): Promise<OwnerSnapshot | null>;
  reviewSummary(shopId: string): Promise<ReviewSummary>;
  shopIdsByOwner(ownerId: string): Promise<string[]>;
}

const SHOP_SNAPSHOT = /* GraphQL */ `
  query ShopSnapshot($id: ID!) {
    shopSnapshot(id: $id) {
      id ownerId deleted version name category description phone address status
      minOrderAmount deliveryTip notice updatedAt
      openingHours { day opens closes }
      menu { id name description price soldOut popular }
      promotions { id title description startsAt endsAt }
    }
  }`;

const OWNER_SNAPSHOT = /* GraphQL */ `
  query OwnerSnapshot($id: ID!) { ownerSnapshot(id: $id) { id name version } }`;

const REVIEW_SUMMARY = /* GraphQL */ `
  query ReviewSummary($shopId: ID!) {
    reviewSummary(shopId: $shopId) { count average recent { id shopId rating text author createdAt } }
  }`;

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
  const client = (url: string) =>
    createServiceClient({ url, service: 'projector', identity: options.identity, timeoutMs: options.timeoutMs });
  const owner = client(options.ownerUrl);
  const shop = client(options.shopUrl);
  const review = client(options.reviewUrl);
  return {
    shopSnapshot: async (id) => (await shop.request<{ shopSnapshot: ShopSnapshot | null }>(SHOP_SNAPSHOT, { id })).shopSnapshot,
    ownerSnapshot: async (id) => (await owner.request<{ ownerSnapshot: OwnerSnapshot | null }>(OWNER_SNAPSHOT, { id })).ownerSnapshot,
    reviewSummary: async (shopId) =>
      (await review.request<{ reviewSummary: ReviewSummary }>(REVIEW_SUMMARY, { shopId })).reviewSummary,
    shopIdsByOwner: async (ownerId) =>
      (await shop.request<{ shopIdsByOwner: string[] }>(SHOP_IDS_BY_OWNER, { ownerId })).shopIdsByOwner,
  };
}
