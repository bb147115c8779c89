import { LRUCache } from 'lru-cache';
import type { ShopDocument } from '@shopgraph/read-model';

export interface LastKnownOptions {
  /**
   * Documents kept (the hottest shops, least recently used first out).
   * @default 5000
   */
  max?: number;
  /**
   * The oldest document served during an outage, in ms.
   * @default 60000
   */
  maxAgeMs?: number;
}

/**
 * The last documents read from Redis, served only while the read-model Redis cannot be
 * reached: hot shops keep answering through a brief outage, bounded in size and age.
 * It is not a response cache: while Redis answers, every read goes to Redis.
 */
export function createLastKnownDocuments({ max = 5000, maxAgeMs = 60_000 }: LastKnownOptions = {}) {
  const cache = new LRUCache<string, ShopDocument>({ max, ttl: maxAgeMs });
  return {
    /** Records what Redis answered: a document, or none (a deleted shop must not linger). */
    remember(id: string, document: ShopDocument | null): void {
      if (document) cache.set(id, document);
      else cache.delete(id);
    },
    recall(id: string): ShopDocument | undefined {
      return cache.get(id);
    },
    get size(): number {
      return cache.size;
    },
  };
}

export type LastKnownDocuments = ReturnType<typeof createLastKnownDocuments>;
