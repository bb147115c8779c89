import type { DomainEvent } from '@shopgraph/events/events';
import type { Logger } from '@shopgraph/kit/logger';
import type { ReadModelStore, WriteResult } from '../read-model/read-model-store.js';
import { projectionOf } from './build-shop-document.js';
import type { CommandSources } from './command-sources.js';

export interface ProjectorOptions {
  sources: CommandSources;
  store: ReadModelStore;
  logger: Logger;
  /** @default () => new Date() */
  now?: () => Date;
}

/** Re-reads at most this many times when a concurrent projector wrote an incomparable state. */
const MAX_CONFLICT_RETRIES = 5;

/**
 * Turns zero-payload events into shop documents. Whatever the event, it re-reads the
 * current state from the command side, so handling is idempotent and order-free: a
 * duplicate, late or collapsed event projects the latest state, and the versioned
 * write in the store keeps an older state from overwriting a newer one.
 */
export function createProjector({ sources, store, logger, now = () => new Date() }: ProjectorOptions) {
  /** Rebuilds one shop's document from the sources (or its tombstone, once deleted). */
  async function projectShop(shopId: string): Promise<WriteResult | 'unknown'> {
    for (let attempt = 0; ; attempt += 1) {
      const shop = await sources.shopSnapshot(shopId);
      if (!shop) {
        // Never existed (or an id from a foreign system): nothing to show, nothing to remember.
        logger.warn({ shopId }, 'event for an unknown shop');
        return 'unknown';
      }
      const [owner, reviews] = shop.deleted
        ? [null, null]
        : await Promise.all([sources.ownerSnapshot(shop.ownerId), sources.reviewSummary(shopId)]);
      const projection = projectionOf(shop, owner, reviews, now());
      const result = await store.write(shopId, projection.document, projection.versions);
      if (result !== 'conflict') return result;
      if (attempt >= MAX_CONFLICT_RETRIES) throw new Error(`shop ${shopId}: concurrent projections kept conflicting`);
      logger.debug({ shopId, attempt }, 'concurrent projection conflict; re-reading sources');
    }
  }

  /** Handles one event; throws when a source is unavailable, so the job is retried. */
  async function handle(event: DomainEvent): Promise<void> {
    if (event.name === 'owner.updated') {
      // An owner's rename shows on every one of their shops.
      const shopIds = await sources.shopIdsByOwner(event.payload.ownerId);
      for (const shopId of shopIds) await projectShop(shopId);
      return;
    }
    await projectShop(event.payload.shopId);
  }

  return { projectShop, handle };
}

export type Projector = ReturnType<typeof createProjector>;
