import type { ShopDocument, SourceVersions } from '@shopgraph/read-model';
import type { OwnerSnapshot, ReviewSummary, ShopSnapshot } from '../sources/command-sources.js';

/** Flattens the three sources' state into the one document customers are served from. */
export function buildShopDocument(
  shop: ShopSnapshot,
  owner: OwnerSnapshot,
  reviews: ReviewSummary,
  projectedAt: Date,
): ShopDocument {
  return {
    id: shop.id,
    name: shop.name,
    category: shop.category,
    description: shop.description,
    phone: shop.phone,
    address: shop.address,
    status: shop.status,
    minOrderAmount: shop.minOrderAmount,
    deliveryTip: shop.deliveryTip,
    openingHours: shop.openingHours,
    notice: shop.notice,
    ownerName: owner.name,
    menu: shop.menu,
    promotions: shop.promotions,
    rating: { average: reviews.average, count: reviews.count },
    recentReviews: reviews.recent,
    sourceVersion: shop.version,
    updatedAt: shop.updatedAt,
    projectedAt: projectedAt.toISOString(),
  };
}

/** What the read model should hold for a shop: its document (null once deleted) and the versions it was built from. */
export interface Projection {
  document: ShopDocument | null;
  versions: SourceVersions;
}

/** A live shop whose owner or reviews the command side does not know: no document can be built for it. */
export class UnprojectableShopError extends Error {
  constructor(readonly shopId: string, readonly ownerId: string) {
    super(`shop ${shopId}: owner ${ownerId} or its reviews are unknown to the command side`);
    this.name = 'UnprojectableShopError';
  }
}

export function projectionOf(shop: ShopSnapshot, owner: OwnerSnapshot | null, reviews: ReviewSummary | null, projectedAt: Date): Projection {
  if (shop.deleted) return { document: null, versions: { shop: shop.version, owner: 0, reviews: 0, deleted: true } };
  if (!owner || !reviews) throw new UnprojectableShopError(shop.id, shop.ownerId);
  return {
    document: buildShopDocument(shop, owner, reviews, projectedAt),
    versions: { shop: shop.version, owner: owner.version, reviews: reviews.count, deleted: false },
  };
}
