/**
 * The read model's document: one flat JSON object per shop holding every field of the
 * public `Shop` type, so that a customer query is answered from it alone.
 */
export interface ShopDocument {
  id: string;
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
  ownerName: string;
  menu: { id: string; name: string; description: string | null; price: number; soldOut: boolean; popular: boolean }[];
  /** Running and scheduled promotions at projection time; the API filters by the query time. */
  promotions: { id: string; title: string; description: string | null; startsAt: string; endsAt: string }[];
  rating: { average: number; count: number };
  recentReviews: { id: string; shopId: string; rating: number; text: string; author: string; createdAt: string }[];
  sourceVersion: number;
  updatedAt: string;
  projectedAt: string;
}

/**
 * Which source state a document was built from. Each component only grows at its
 * source (shop version, owner version, review count), so a write can tell whether it
 * is newer than what is stored. A shop's deletion bumps its version and is final.
 */
export interface SourceVersions {
  shop: number;
  owner: number;
  reviews: number;
  deleted: boolean;
}
