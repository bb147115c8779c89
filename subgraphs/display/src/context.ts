import DataLoader from 'dataloader';
import { unavailable } from '@shopgraph/kit/errors';
import type { RequestContext } from '@shopgraph/kit/graphql-service';
import type { Logger } from '@shopgraph/kit/logger';
import type { LastKnownDocuments } from './last-known-documents.js';
import { readModelMetrics } from './read-model-metrics.js';
import type { ReadModelStore } from '@shopgraph/read-model';
import type { ShopDocument } from '@shopgraph/read-model';

export interface DisplayContext extends RequestContext {
  /** Per request: every shop a request touches is fetched in one MGET. */
  shops: DataLoader<string, ShopDocument | null>;
  /** Shops one request may ask for, all fields, aliases and entities together (DISPLAY_MAX_SHOPS). */
  maxShops: number;
  /** Shops this request has asked for so far. */
  shopsAsked: number;
  /** The next promotion start or end among the promotions this answer shows (ms since epoch). */
  validUntil?: number;
}

/**
 * One MGET for all the shops of a request. When Redis cannot be reached, the last known
 * documents answer for hot shops and the others fail with SERVICE_UNAVAILABLE.
 */
export function createShopLoader(store: ReadModelStore, lastKnown: LastKnownDocuments, logger: Logger): DataLoader<string, ShopDocument | null> {
  const metrics = readModelMetrics();
  // DataLoader takes an Error in place of a value as that key's failure.
  return new DataLoader<string, ShopDocument | null>(async (ids): Promise<(ShopDocument | null | Error)[]> => {
    const fromLastKnown = () =>
      ids.map((id) => {
        const recalled = lastKnown.recall(id);
        if (recalled === undefined) {
          metrics.unavailable.inc();
          return unavailable('The shop read model is unavailable; try again shortly.');
        }
        metrics.lastKnownServes.inc();
        return recalled;
      });
    // While the connection is known to be down, answer at once rather than after a command timeout.
    if (!store.connected()) return fromLastKnown();
    let raws: (string | null)[];
    try {
      raws = await store.getRaw(ids);
    } catch (error) {
      logger.warn({ err: error }, 'read model unreachable; answering from the last known documents');
      return fromLastKnown();
    }
    metrics.reads.inc(ids.length);
    return raws.map((raw, i) => {
      if (!raw) metrics.misses.inc();
      const document = raw ? (JSON.parse(raw) as ShopDocument) : null;
      lastKnown.remember(ids[i]!, document);
      return document;
    });
  });
}
