import { LRUCache } from 'lru-cache';

export interface ResponseCacheOptions {
  /** Bytes of response bodies kept at most (least recently used out first). */
  maxBytes: number;
  /**
   * Oldest entry served, in ms. Invalidation keeps entries fresh; the age limit only
   * bounds the damage of a bug in it.
   */
  maxAgeMs: number;
  /**
   * How many recent invalidations are remembered to check responses computed while they
   * happened (see `set`). A response that began before the oldest remembered one is not
   * stored.
   * @default 4096
   */
  recentInvalidations?: number;
}

interface Entry {
  body: string;
  shopIds: readonly string[];
  /** Ms since epoch after which the answer is no longer true by the clock (a promotion starts or ends). */
  validUntil: number;
}

/**
 * Serialized customer responses (bodies of `shop`/`shops` queries), each tagged with the
 * shop ids it shows, and evicted when the read model announces a change to any of them.
 *
 * The race that matters: a request reads the old document, the read model changes and the
 * eviction arrives, and only then does the request store its (now stale) response. So a
 * request takes a ticket before it executes, and `set` refuses a response if any of its
 * shops was invalidated after the ticket was taken.
 *
 * Starts disabled: the owner enables it once it is subscribed to the changes, and disables
 * it (dropping everything) when the subscription is lost, since missed announcements would
 * leave stale entries behind.
 */
export function createResponseCache({ maxBytes, maxAgeMs, recentInvalidations = 4096 }: ResponseCacheOptions) {
  const keysByShop = new Map<string, Set<string>>();
  const entries = new LRUCache<string, Entry>({
    maxSize: maxBytes,
    sizeCalculation: (entry) => entry.body.length + 64,
    ttl: maxAgeMs,
    dispose: (entry, key) => {
      for (const id of entry.shopIds) {
        const keys = keysByShop.get(id);
        keys?.delete(key);
        if (keys?.size === 0) keysByShop.delete(id);
      }
    },
  });
  // Ring of the last invalidated shop ids; invalidation number n sits at n % size.
  const recent: string[] = new Array<string>(recentInvalidations);
  let invalidations = 0;
  // Bumped whenever the cache is disabled: tickets from before never store.
  let epoch = 0;
  let enabled = false;
  const stats = { hits: 0, misses: 0, stores: 0, refused: 0, evictions: 0 };

  const changedSince = (ticket: Ticket, shopIds: readonly string[]): boolean => {
    if (ticket.epoch !== epoch) return true;
    if (invalidations - ticket.invalidations > recentInvalidations) return true;
    if (invalidations === ticket.invalidations) return false;
    const ids = new Set(shopIds);
    for (let n = ticket.invalidations; n < invalidations; n += 1) if (ids.has(recent[n % recentInvalidations]!)) return true;
    return false;
  };

  return {
    get enabled() {
      return enabled;
    },
    /** Taken before a response is computed; `set` needs it. */
    ticket(): Ticket {
      return { epoch, invalidations };
    },
    get(key: string): string | undefined {
      if (!enabled) return undefined;
      const entry = entries.get(key);
      if (entry && entry.validUntil <= Date.now()) {
        entries.delete(key);
        return undefined;
      }
      if (entry) stats.hits += 1;
      return entry?.body;
    },
    /** Counts a cacheable read that had to be executed. */
    missed(): void {
      stats.misses += 1;
    },
    /**
     * Stores a response unless one of its shops changed since `ticket`, until `validUntil`
     * at the latest (ms since epoch: the next promotion start or end it shows). Returns
     * whether it did.
     */
    set(key: string, body: string, shopIds: readonly string[], ticket: Ticket, validUntil = Number.POSITIVE_INFINITY): boolean {
      if (!enabled || changedSince(ticket, shopIds) || validUntil <= Date.now()) {
        stats.refused += 1;
        return false;
      }
      entries.set(key, { body, shopIds, validUntil });
      for (const id of shopIds) {
        let keys = keysByShop.get(id);
        if (!keys) keysByShop.set(id, (keys = new Set()));
        keys.add(key);
      }
      stats.stores += 1;
      return true;
    },
    /** Drops every response that shows this shop. */
    invalidate(shopId: string): void {
      recent[invalidations % recentInvalidations] = shopId;
      invalidations += 1;
      const keys = keysByShop.get(shopId);
      if (!keys) return;
      for (const key of [...keys]) {
        entries.delete(key);
        stats.evictions += 1;
      }
      keysByShop.delete(shopId);
    },
    enable(): void {
      enabled = true;
    },
    /** Drops everything and serves nothing until enabled again. */
    disable(): void {
      enabled = false;
      epoch += 1;
      entries.clear();
    },
    stats() {
      return { ...stats, entries: entries.size, bytes: entries.calculatedSize };
    },
  };
}

export interface Ticket {
  readonly epoch: number;
  readonly invalidations: number;
}

export type ResponseCache = ReturnType<typeof createResponseCache>;
