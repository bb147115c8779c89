import { LRUCache } from 'lru-cache';
import type { Variables } from '../operation-arguments.js';
import { cacheKey, operationKey } from './cache-key.js';
import { answerOfPieces, piecesAskedFor, piecesOfAnswer, type ShopPieces } from './shop-pieces.js';

export interface ResponseCacheOptions {
  /** Bytes kept at most: keys, bodies and bookkeeping of every entry (least recently used out first). */
  maxBytes: number;
  /**
   * Entries kept at most, however small: a bound that holds even if the per-entry
   * bookkeeping is underestimated.
   * @default 20000
   */
  maxEntries?: number;
  /**
   * The largest key cached (bytes, as `heldBytes` counts them); an answer whose declared
   * variables make a longer key is not stored.
   * @default 8192
   */
  maxKeyBytes?: number;
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
  /** UTF-8, as it is sent: its size is exactly what it holds, and a hit needs no encoding. */
  body: Uint8Array;
  shopIds: readonly string[];
  /** Ms since epoch after which the answer is no longer true by the clock (a promotion starts or ends). */
  validUntil: number;
  /** What the entry holds, counted once when stored. */
  size: number;
}

/**
 * What a string may hold in memory: V8 keeps a string in one or two bytes per UTF-16 unit
 * (two as soon as one character is outside Latin-1); count the worse. (`.length` alone, as
 * entries were once sized, counts units, not bytes.)
 */
const heldBytes = (text: string) => 2 * text.length;

/**
 * The bookkeeping of an entry besides its key, body and shop ids: the entry object, its
 * ArrayBuffer, the LRU's slots and the shop index's set members. Measured (node 20,
 * 20,000 entries of a ~230-byte body, heap and external memory after GC): 350 bytes an
 * entry; rounded up.
 */
const ENTRY_OVERHEAD_BYTES = 512;

const encoder = new TextEncoder();

/** Operations with longer names (hash and name) are not learned: the table of them stays small, uncounted. */
const MAX_OPERATION_KEY_BYTES = 1024;

/** What the cache knows of an operation Apollo Server has resolved. */
interface Learned {
  /** The variables it declares, in order: a whole answer's key holds their values. */
  declared: readonly string[];
  /** Set when its answers are kept as one piece per shop (see shop-pieces.ts). */
  pieces?: ShopPieces;
  /**
   * The most shops one of its answers has shown: an answer is made of pieces for at most as
   * many, so one the subgraph would refuse (over its limit) is never made here.
   */
  mostShops: number;
}

/** An answer to store: the body as sent, its data when parsed, and how long the clock keeps it true. */
export interface StoredAnswer {
  text: string;
  data?: Record<string, unknown>;
  /** Ms since epoch. */
  validUntil?: number;
}

const pieceKey = (operation: string, shopId: string) => `${operation}\n#${shopId}`;

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
export function createResponseCache({ maxBytes, maxEntries = 20_000, maxKeyBytes = 8192, maxAgeMs, recentInvalidations = 4096 }: ResponseCacheOptions) {
  const keysByShop = new Map<string, Set<string>>();
  const entries = new LRUCache<string, Entry>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (entry) => entry.size,
    ttl: maxAgeMs,
    dispose: (entry, key) => {
      for (const id of entry.shopIds) {
        const keys = keysByShop.get(id);
        keys?.delete(key);
        if (keys?.size === 0) keysByShop.delete(id);
      }
    },
  });
  // What each cacheable operation declares and how its answers are kept, learned when Apollo
  // Server resolves it: the front looks hits up before any parsing. Bounded like direct reads' own.
  const operations = new LRUCache<string, Learned>({ max: 1000 });
  // Ring of the last invalidated shop ids; invalidation number n sits at n % size.
  const recent: string[] = new Array<string>(recentInvalidations);
  // When each of them arrived here (ms since epoch), for tickets taken by another worker (`ticketAt`).
  const arrivals: number[] = new Array<number>(recentInvalidations);
  let enabledAt = Number.POSITIVE_INFINITY;
  let invalidations = 0;
  // Bumped whenever the cache is disabled: tickets from before never store.
  let epoch = 0;
  let enabled = false;
  const stats = { hits: 0, misses: 0, stores: 0, refused: 0, tooLarge: 0, bypassed: 0, evictions: 0, turnedOff: 0 };

  const changedSince = (ticket: Ticket, shopIds: readonly string[]): boolean => {
    if (ticket.epoch !== epoch) return true;
    if (invalidations - ticket.invalidations > recentInvalidations) return true;
    if (invalidations === ticket.invalidations) return false;
    const ids = new Set(shopIds);
    for (let n = ticket.invalidations; n < invalidations; n += 1) if (ids.has(recent[n % recentInvalidations]!)) return true;
    return false;
  };

  /** An entry's body while it is served: the cache on, the entry there and true by the clock. */
  const current = (key: string, now: number): Uint8Array | undefined => {
    if (!enabled) return undefined;
    const entry = entries.get(key);
    if (entry && entry.validUntil <= now) {
      entries.delete(key);
      return undefined;
    }
    return entry?.body;
  };

  return {
    get enabled() {
      return enabled;
    },
    /** Taken before a response is computed; `set` needs it. */
    ticket(): Ticket {
      return { epoch, invalidations, at: Date.now() };
    },
    /**
     * The ticket this worker would have taken at `at` (ms since epoch, this machine's clock):
     * for an answer another worker computed after taking its own ticket then. Every change
     * that answer may have missed was announced after `at`, so it reached this worker after
     * `at` as well, or will (and evicts then). Refuses all (an old epoch) when this cache was
     * turned on after `at`, or remembers no invalidation from before it.
     */
    ticketAt(at: number): Ticket {
      if (!enabled || enabledAt > at) return { epoch: epoch - 1, invalidations, at };
      const oldest = Math.max(0, invalidations - recentInvalidations);
      let first = invalidations;
      while (first > oldest && arrivals[(first - 1) % recentInvalidations]! >= at) first -= 1;
      // Everything remembered arrived after `at`: what came before is forgotten, so nothing can be told.
      if (first === oldest && oldest > 0) return { epoch, invalidations: oldest - 1, at };
      return { epoch, invalidations: first, at };
    },
    /**
     * Records the variables a cacheable operation declares (see `keyOf`) and, when its
     * answers are made of one piece per shop, how (`shopPiecesOf`).
     */
    learn(queryHash: string, operationName: string | null | undefined, declared: readonly string[], pieces?: ShopPieces): void {
      const operation = operationKey(queryHash, operationName);
      if (heldBytes(operation) > MAX_OPERATION_KEY_BYTES) return;
      const known = operations.get(operation);
      operations.set(operation, { declared, ...(pieces ? { pieces } : {}), mostShops: known?.pieces && pieces ? known.mostShops : pieces && !pieces.list ? 1 : 0 });
    },
    /** Whether an operation has been learned (see `learn`). */
    knows(queryHash: string, operationName: string | null | undefined): boolean {
      return operations.has(operationKey(queryHash, operationName));
    },
    /**
     * The key of a request for an operation learned earlier: its declared variables'
     * values only. Undefined while the operation is unknown (nothing of it can be cached
     * yet) or when the key would be larger than the cache takes.
     */
    keyOf(queryHash: string, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): string | undefined {
      const declared = operations.get(operationKey(queryHash, operationName))?.declared;
      if (!declared) return undefined;
      const key = cacheKey(queryHash, operationName, variables, declared);
      return heldBytes(key) <= maxKeyBytes ? key : undefined;
    },
    get(key: string): Uint8Array | undefined {
      const body = current(key, Date.now());
      if (body) stats.hits += 1;
      return body;
    },
    /**
     * The stored answer to a request for an operation learned earlier: whole, or made of
     * the pieces of the shops it names (each id at most once, no more shops than an answer
     * of it has shown). Undefined on a miss.
     */
    lookup(queryHash: string, operationName: string | null | undefined, variables: Variables): Uint8Array | undefined {
      const operation = operationKey(queryHash, operationName);
      const learned = operations.get(operation);
      if (!learned?.pieces) {
        const key = learned && this.keyOf(queryHash, operationName, variables);
        return key === undefined ? undefined : this.get(key);
      }
      const shopIds = piecesAskedFor(learned.pieces, variables);
      if (!enabled || !shopIds || shopIds.length === 0 || shopIds.length > learned.mostShops || !distinct(shopIds)) return undefined;
      const now = Date.now();
      const parts: Uint8Array[] = [];
      for (const id of shopIds) {
        const part = current(pieceKey(operation, id), now);
        if (!part) return undefined;
        parts.push(part);
      }
      stats.hits += 1;
      return answerOfPieces(learned.pieces, parts);
    },
    /**
     * Stores a clean answer to a request (see `set` for `ticket`): as one piece per shop
     * when its operation's answers are kept so, each piece unless its own shop changed since
     * the ticket; else whole, under `keyOf`. Returns whether anything was stored.
     */
    fill(queryHash: string, operationName: string | null | undefined, variables: Variables, shopIds: readonly string[], ticket: Ticket, answer: StoredAnswer): boolean {
      const operation = operationKey(queryHash, operationName);
      const learned = operations.get(operation);
      if (!learned?.pieces || !answer.data) {
        const key = this.keyOf(queryHash, operationName, variables);
        return key !== undefined && this.set(key, answer.text, shopIds, ticket, answer.validUntil);
      }
      const asked = piecesAskedFor(learned.pieces, variables);
      const texts = asked && distinct(asked) ? piecesOfAnswer(learned.pieces, answer.data, asked.length) : undefined;
      if (!asked || !texts) return false;
      let stored = 0;
      asked.forEach((id, i) => {
        if (this.set(pieceKey(operation, id), texts[i]!, [id], ticket, answer.validUntil)) stored += 1;
      });
      if (stored > 0) learned.mostShops = Math.max(learned.mostShops, asked.length);
      return stored > 0;
    },
    /** Counts a cacheable read that had to be executed. */
    missed(): void {
      stats.misses += 1;
    },
    /** Counts a read the cache stayed out of because it carried credentials. */
    bypassed(): void {
      stats.bypassed += 1;
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
      const encoded = encoder.encode(body);
      let size = heldBytes(key) + encoded.byteLength + ENTRY_OVERHEAD_BYTES;
      for (const id of shopIds) size += heldBytes(id);
      if (heldBytes(key) > maxKeyBytes || size > maxBytes) {
        stats.tooLarge += 1;
        return false;
      }
      entries.set(key, { body: encoded, shopIds, validUntil, size });
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
      arrivals[invalidations % recentInvalidations] = Date.now();
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
      if (!enabled) enabledAt = Date.now();
      enabled = true;
    },
    /** Drops everything and serves nothing until enabled again. */
    disable(): void {
      if (enabled) stats.turnedOff += 1;
      enabled = false;
      epoch += 1;
      entries.clear();
    },
    stats() {
      return { ...stats, entries: entries.size, bytes: entries.calculatedSize };
    },
  };
}

const distinct = (ids: readonly string[]) => ids.length < 2 || new Set(ids).size === ids.length;

export interface Ticket {
  readonly epoch: number;
  /** When it was taken (ms since epoch). */
  readonly at: number;
  readonly invalidations: number;
}

export type ResponseCache = ReturnType<typeof createResponseCache>;
