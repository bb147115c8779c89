import type { EventName, EventOf } from './events.js';

/**
 * Every consuming system has its own BullMQ queue, fed by the outbox relays (fan-out),
 * so that a slow consumer never holds up another.
 */
export interface Consumer<N extends EventName = EventName> {
  /** The BullMQ queue name; no `:` (BullMQ uses it as a key separator). */
  queue: string;
  /** The events its queue receives; the publisher puts no other on it. */
  events: readonly N[];
  /**
   * Jobs with the same key collapse into one (BullMQ deduplication with
   * `keepLastIfActive`): correct only for consumers that re-read current state,
   * where the latest job subsumes every earlier one. Undefined: every event is a job.
   * A method (parameters bivariant), so that a consumer of some events is still a
   * `Consumer`: the publisher calls it only with an event of `events`.
   */
  collapseKey?(event: EventOf<N>): string;
}

/** One job per shop: the latest of a shop's events subsumes the earlier ones for a consumer that re-reads the shop. */
const perShop = (event: { payload: { shopId: string } }) => `shop-${event.payload.shopId}`;

/** The read model (display subgraph's projector): rebuilds shop documents. */
export const DISPLAY: Consumer = {
  queue: 'display',
  events: ['owner.updated', 'shop.created', 'shop.updated', 'shop.listing.changed', 'shop.deleted', 'review.written'],
  collapseKey: (event) => (event.name === 'owner.updated' ? `owner-${event.payload.ownerId}` : perShop(event)),
};

/** The review subgraph keeps its own record of which shop ids exist. */
export const REVIEW_SHOPS: Consumer<'shop.created' | 'shop.deleted'> = {
  queue: 'review-shops',
  events: ['shop.created', 'shop.deleted'],
};

/**
 * The search subgraph keeps its own index of shop names, categories, statuses and menu names:
 * it hears the changes to those (`shop.listing.changed`), not the far more common ones to
 * anything else (`shop.updated`), which would each cost it a job and a re-read for nothing.
 */
export const SEARCH: Consumer<'shop.created' | 'shop.listing.changed' | 'shop.deleted'> = {
  queue: 'search',
  events: ['shop.created', 'shop.listing.changed', 'shop.deleted'],
  collapseKey: perShop,
};

/**
 * The ads system keeps its own record of each shop's owner, category, status and existence
 * (for ownership checks and for serving only open shops' ads): like search, it hears only the
 * changes to what it copies.
 */
export const ADS_SHOPS: Consumer<'shop.created' | 'shop.listing.changed' | 'shop.deleted'> = {
  queue: 'ads-shops',
  events: ['shop.created', 'shop.listing.changed', 'shop.deleted'],
  collapseKey: perShop,
};

/**
 * The ads serving store (the serving subgraph's projector): re-reads a shop's campaigns, and
 * what the ads system knows of the shop, on any change to either.
 */
export const ADS_SERVING: Consumer<'ad.campaign.created' | 'ad.campaign.updated' | 'ad.campaign.paused' | 'ad.campaign.resumed' | 'ad.shop.changed'> = {
  queue: 'ads-serving',
  events: ['ad.campaign.created', 'ad.campaign.updated', 'ad.campaign.paused', 'ad.campaign.resumed', 'ad.shop.changed'],
  collapseKey: perShop,
};

/**
 * The BullMQ key prefix of one queue: `<prefix>:{<queue>}`. BullMQ's scripts touch many
 * keys of a queue at once, so on a Redis Cluster they must share a slot: the hash tag is
 * the queue's name, which keeps each queue in one slot and lets different queues live on
 * different nodes. Every producer, worker and tool opens a queue with this prefix.
 */
export function queueKeyPrefix(prefix: string, queue: string): string {
  return `${prefix}:{${queue}}`;
}

export const CONSUMERS: readonly Consumer[] = [DISPLAY, REVIEW_SHOPS, SEARCH, ADS_SHOPS, ADS_SERVING];

export function consumersOf(name: EventName): Consumer[] {
  return CONSUMERS.filter((consumer) => consumer.events.includes(name));
}
