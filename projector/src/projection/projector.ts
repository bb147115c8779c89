import type { DomainEvent, EventName } from '@shopgraph/events/events';
import type { Logger } from '@shopgraph/telemetry/logger';
import type { ReadModelStore, WriteResult } from '@shopgraph/read-model';
import { projectionOf } from './build-shop-document.js';
import type { CommandSources } from '../sources/command-sources.js';

export interface ProjectorOptions {
  sources: CommandSources;
  store: ReadModelStore;
  logger: Logger;
  /** @default () => new Date() */
  now?: () => Date;
}

/** Re-reads at most this many times when a concurrent projector wrote an incomparable state. */
const MAX_CONFLICT_RETRIES = 5;

/** A part of a shop's document that comes from a source other than the shop system. */
export type ReusablePart = 'owner' | 'reviews';

/**
 * What each event cannot have changed: the projection keeps those parts as the stored
 * document has them (with their source versions) and re-reads only the source the event
 * names. Zero-payload still: the event's name says which source to ask, never what changed.
 * A shop update, by far the most common event, thus reads the shop system alone. (The ads
 * system's events never reach the display queue.)
 */
const UNCHANGED_BY: Partial<Record<EventName, readonly ReusablePart[]>> = {
  'shop.created': ['owner', 'reviews'],
  'shop.updated': ['owner', 'reviews'],
  'shop.listing.changed': ['owner', 'reviews'],
  'shop.deleted': ['owner', 'reviews'],
  'review.written': ['owner'],
  'owner.updated': ['reviews'],
};

/**
 * Turns zero-payload events into shop documents. It re-reads the current state of the
 * source an event names from the command side, so handling is idempotent and order-free:
 * a duplicate, late or collapsed event projects the latest state, and the versioned write
 * in the store keeps an older state from overwriting a newer one.
 */
export function createProjector({ sources, store, logger, now = () => new Date() }: ProjectorOptions) {
  /**
   * Rebuilds one shop's document from the sources (or its tombstone, once deleted),
   * keeping the `reuse` parts from the stored document when there is one. After a conflict
   * with a concurrent projection, everything is re-read. `recordedAt`: when the change being
   * projected was recorded, announced with the write.
   */
  async function projectShop(shopId: string, reuse: readonly ReusablePart[] = [], recordedAt?: Date): Promise<WriteResult | 'unknown'> {
    for (let attempt = 0; ; attempt += 1) {
      const [shop, stored] = await Promise.all([sources.shopSnapshot(shopId), reuse.length > 0 && attempt === 0 ? store.current(shopId) : null]);
      if (!shop) {
        // Never existed (or an id from a foreign system): nothing to show, nothing to remember.
        logger.warn({ shopId }, 'event for an unknown shop');
        return 'unknown';
      }
      const kept = stored?.document && !stored.versions.deleted ? { document: stored.document, versions: stored.versions } : null;
      const [owner, reviews] = shop.deleted
        ? [null, null]
        : await Promise.all([
            kept && reuse.includes('owner') ? { id: shop.ownerId, name: kept.document.ownerName, version: kept.versions.owner } : sources.ownerSnapshot(shop.ownerId),
            kept && reuse.includes('reviews')
              ? { count: kept.document.rating.count, average: kept.document.rating.average, recent: kept.document.recentReviews }
              : sources.reviewSummary(shopId),
          ]);
      const projection = projectionOf(shop, owner, reviews, now());
      const result = await store.write(shopId, projection.document, projection.versions, recordedAt);
      if (result !== 'conflict') return result;
      if (attempt >= MAX_CONFLICT_RETRIES) throw new Error(`shop ${shopId}: concurrent projections kept conflicting`);
      logger.debug({ shopId, attempt }, 'concurrent projection conflict; re-reading sources');
    }
  }

  /** Handles one event; throws when a source is unavailable, so the job is retried. */
  async function handle(event: DomainEvent, recordedAt?: Date): Promise<void> {
    if (event.name === 'owner.updated') {
      // An owner's rename shows on every one of their shops.
      const shopIds = await sources.shopIdsByOwner(event.payload.ownerId);
      for (const shopId of shopIds) await projectShop(shopId, UNCHANGED_BY[event.name], recordedAt);
      return;
    }
    await projectShop(event.payload.shopId, UNCHANGED_BY[event.name], recordedAt);
  }

  return { projectShop, handle };
}

export type Projector = ReturnType<typeof createProjector>;
