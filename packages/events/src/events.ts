/**
 * The event contract between the command side and its consumers.
 *
 * Events are zero-payload: they carry identifiers only, never state. A consumer that
 * needs state fetches the current state from the owning subgraph's query API, so an
 * event can be delivered late, twice or out of order without carrying stale data.
 */
export interface EventPayloads {
  /** An owner's profile changed (e.g. a rename shown on each of their shops). */
  'owner.updated': { ownerId: string };
  /** A shop was created. */
  'shop.created': { shopId: string };
  /**
   * A shop, its menu or its promotions changed, in nothing another system copies (a notice,
   * hours, prices, sold-out marks, promotions): only the read model needs to hear it.
   */
  'shop.updated': { shopId: string };
  /**
   * A shop changed in what other systems copy of it: its name, category or status, or its menu
   * items' names (items added, removed or renamed). The event's name says which kind of change
   * it was, never what the change was.
   */
  'shop.listing.changed': { shopId: string };
  /** A shop was deleted. */
  'shop.deleted': { shopId: string };
  /** A customer wrote a review of a shop. */
  'review.written': { shopId: string; reviewId: string };
  /** An owner created an ad campaign for a shop. */
  'ad.campaign.created': { campaignId: string; shopId: string };
  /** An owner changed a campaign's areas, bid, budget or schedule. */
  'ad.campaign.updated': { campaignId: string; shopId: string };
  /** An owner paused a campaign. */
  'ad.campaign.paused': { campaignId: string; shopId: string };
  /** An owner resumed a paused campaign. */
  'ad.campaign.resumed': { campaignId: string; shopId: string };
  /** What the ads system knows of a shop (its owner, category, status, existence) changed. */
  'ad.shop.changed': { shopId: string };
}

export type EventName = keyof EventPayloads;

/** The system each event name's first part belongs to: `ad.campaign.created` is the ads system's. */
interface SystemOfPrefix {
  owner: 'owner';
  shop: 'shop';
  review: 'review';
  ad: 'ads';
}

/**
 * The command side's systems: each keeps its state in the PostgreSQL schema of its name,
 * beside the outbox its events leave from, and answers the internal queries a consumer
 * re-reads on its events. Taken from the event names (`shop.updated` is the shop's), so a
 * system that publishes events is one of them.
 */
export type CommandSystem = {
  [N in EventName]: N extends `${infer S extends keyof SystemOfPrefix}.${string}` ? SystemOfPrefix[S] : never;
}[EventName];

export type DomainEvent = {
  [N in EventName]: { name: N; payload: EventPayloads[N] };
}[EventName];

/**
 * The events of the given names, e.g. what a consumer of those names receives. An
 * intersection rather than `Extract`: TypeScript then sees that a type using it grows with
 * `N` (a `Consumer` of some events is a `Consumer`); a conditional type would make it invariant.
 */
export type EventOf<N extends EventName> = DomainEvent & { name: N };

export const EVENT_NAMES = [
  'owner.updated',
  'shop.created',
  'shop.updated',
  'shop.listing.changed',
  'shop.deleted',
  'review.written',
  'ad.campaign.created',
  'ad.campaign.updated',
  'ad.campaign.paused',
  'ad.campaign.resumed',
  'ad.shop.changed',
] as const satisfies readonly EventName[];

export function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}

/** Builds an event, checked at compile time against its payload type. */
export function event<N extends EventName>(name: N, payload: EventPayloads[N]): DomainEvent {
  return { name, payload } as DomainEvent;
}
