import type { ResponseCache, Ticket } from './response-cache.js';

/** An answer to a customer read that may be stored: the body as it is sent, and how long the clock keeps it true. */
export interface CleanAnswer {
  text: string;
  /** Ms since epoch after which the answer is no longer true by the clock alone, if it ever is. */
  validUntil?: number;
}

/**
 * The one place the response cache is filled, whichever route answered a miss (the front's
 * direct forward or Apollo Server): the miss is counted, and a clean answer is stored under
 * its key, tagged with the shops it shows. `ticket` is the one taken before the answer was
 * read, so a change announced meanwhile keeps it out (see `ResponseCache.set`).
 */
export function fillCache(cache: ResponseCache, key: string | undefined, shopIds: readonly string[], ticket: Ticket, answer: CleanAnswer | null): void {
  cache.missed();
  if (key && answer) cache.set(key, answer.text, shopIds, ticket, answer.validUntil);
}
