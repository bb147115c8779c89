import type { ShopDocument } from '../read-model/shop-document.js';
import type { OwnerSnapshot, ReviewSummary, ShopSnapshot } from './command-sources.js';

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
