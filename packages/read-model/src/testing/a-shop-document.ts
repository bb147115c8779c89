// Test data, exported for the tests of packages that serve display documents (the gateway).
import type { ShopDocument } from '../shop-document.js';

/** A complete read-model document with overrides (test data builder). */
export function aShopDocument(overrides: Partial<ShopDocument> = {}): ShopDocument {
  const now = new Date().toISOString();
  return {
    id: '1',
    name: '교촌치킨 역삼점',
    category: 'CHICKEN',
    description: '간장 치킨의 원조',
    phone: '02-123-4567',
    address: '서울 강남구 역삼로 123',
    status: 'OPEN',
    minOrderAmount: 16000,
    deliveryTip: 3000,
    openingHours: [{ day: 'MON', opens: '17:00', closes: '02:00' }],
    notice: null,
    ownerName: '김민준',
    menu: [{ id: '1', name: '교촌 오리지날', description: null, price: 19000, soldOut: false, popular: true }],
    promotions: [],
    rating: { average: 4.5, count: 2 },
    recentReviews: [],
    sourceVersion: 1,
    updatedAt: now,
    projectedAt: now,
    ...overrides,
  };
}
