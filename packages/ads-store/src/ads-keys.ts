/**
 * The serving store's key layout. Everything about one campaign shares the hash tag
 * `{c<id>}` (its settings, its day counters, its counted tokens, its click log), so a click is
 * checked and charged by one script on one Redis Cluster slot; everything about one delivery
 * area shares `{a-<area>}` (its ranking, its ranking per category, the serving window of each
 * campaign in it, the campaigns out of budget today), so a slate is read by one script too.
 * Campaigns and areas spread over every node of a cluster.
 */
export function adsKeys(prefix: string) {
  const base = `${prefix}:ads`;
  const campaign = (id: string) => `{c${id}}`;
  const area = (code: string) => `{a-${code}}`;
  return {
    /** Hash: what the store serves a campaign by (see campaign-state.ts). */
    campaign: (id: string) => `${base}:campaign:${campaign(id)}`,
    /** Hash of one Asia/Seoul day: spent, clicks, impressions. */
    day: (id: string, day: string) => `${base}:day:${campaign(id)}:${day}`,
    /** A tracking token counted for this campaign (kept past the token's life). */
    countedToken: (id: string, nonce: string) => `${base}:token:${campaign(id)}:${nonce}`,
    /** Stream: the campaign's charged clicks, until the click recorder has moved them to PostgreSQL. */
    clickLog: (id: string) => `${base}:clicks:${campaign(id)}`,
    /** Sorted set: the area's campaigns that may serve, scored by bid (only ACTIVE campaigns of OPEN shops). */
    rank: (code: string, category?: string) => `${base}:area:${area(code)}:rank${category ? `:${category}` : ''}`,
    /** Hash: campaign id → its versions, shop and serving window, as last indexed in the area. */
    areaInfo: (code: string) => `${base}:area:${area(code)}:info`,
    /** Set: the area's campaigns with less than one click of budget left on that day. */
    spent: (code: string, day: string) => `${base}:area:${area(code)}:spent:${day}`,
    /** Set: campaigns whose counters the click recorder should move to PostgreSQL. */
    dirty: `${base}:dirty`,
    /** The marker of the last completed full rebuild: missing, the store was lost (or never built). */
    generation: `${base}:generation`,
    /** The one full rebuild's claim. */
    rebuildClaim: `${base}:rebuilding`,
  };
}

export type AdsKeys = ReturnType<typeof adsKeys>;

/** Day counters outlive their day by two, for late reads and the click recorder. */
export const DAY_TTL_SECONDS = 3 * 86_400;
