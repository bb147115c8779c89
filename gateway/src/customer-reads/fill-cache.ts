import type { BodyOperation } from './cache-key.js';
import type { PeerFills } from './peer-fills.js';
import type { ResponseCache, StoredAnswer, Ticket } from './response-cache.js';

/** An answer to a customer read that may be stored: the body as it is sent, its data, and how long the clock keeps it true. */
export type CleanAnswer = StoredAnswer;

/**
 * The one place the response cache is filled, whichever route answered a miss (the front's
 * direct forward or Apollo Server): the miss is counted, and a clean answer is stored for
 * the request's operation and variables (whole, or as one piece per shop: `ResponseCache.fill`),
 * tagged with the shops it shows. `ticket` is the one taken before the answer was read, so
 * a change announced meanwhile keeps it out (see `ResponseCache.set`). What is stored is
 * shared with the other workers (`peers`, with the operation's text) unless the request
 * asked for a fresh answer (`Cache-Control: no-cache`, which reads again every time anyway).
 */
export function fillCache(
  cache: ResponseCache,
  read: BodyOperation,
  shopIds: readonly string[],
  ticket: Ticket,
  answer: CleanAnswer | null,
  sharing?: { peers: PeerFills | null; query: string | undefined; fresh: boolean },
): void {
  cache.missed();
  if (!answer || !cache.fill(read.queryHash, read.operationName, read.variables, shopIds, ticket, answer)) return;
  if (sharing?.peers && sharing.query !== undefined && !sharing.fresh) {
    sharing.peers.share({ ...read, query: sharing.query, shopIds, at: ticket.at, text: answer.text, ...(answer.validUntil === undefined ? {} : { validUntil: answer.validUntil }) });
  }
}
