/**
 * The instant (ISO-8601) until which a subgraph's answer stays true without any write:
 * the display subgraph sends it when an answer shows promotions, which start and end by
 * the clock alone, with no event (the next start or end among them). The gateway's
 * response cache keeps the answer no longer than that.
 */
export const VALID_UNTIL_HEADER = 'x-shopgraph-valid-until';

/** Keeps the earliest instant announced for a request (ms since epoch, or a header's ISO text). */
export function noteValidUntil(holder: { validUntil?: number }, at: number | string | null | undefined): void {
  const ms = typeof at === 'string' ? Date.parse(at) : at;
  if (ms === null || ms === undefined || Number.isNaN(ms)) return;
  holder.validUntil = Math.min(holder.validUntil ?? Number.POSITIVE_INFINITY, ms);
}
