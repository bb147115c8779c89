/** The customer reads the benchmarks time: every field of the shop page. */
export const SHOP_FIELDS = `id name category description phone address status minOrderAmount deliveryTip
  openingHours { day opens closes } notice ownerName menu { id name description price soldOut popular }
  promotions { id title description startsAt endsAt } rating { average count }
  recentReviews { id shopId rating text author createdAt } sourceVersion updatedAt projectedAt`;
export const SHOP = `query Shop($id: ID!) { shop(id: $id) { ${SHOP_FIELDS} } }`;
export const SHOPS = `query Shops($ids: [ID!]!) { shops(ids: $ids) { ${SHOP_FIELDS} } }`;
/** Asks the gateway to execute rather than answer from its response cache. */
export const UNCACHED = { 'cache-control': 'no-cache' };
