import DataLoader from 'dataloader';
import { unavailable } from '@shopgraph/graphql-conventions/errors';
import type { RequestContext } from '@shopgraph/service-shell/graphql-service';
import type { Logger } from '@shopgraph/telemetry/logger';
import { answerMissingShops } from './answer-missing-shops.js';
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
 * documents answer for hot shops and the others fail with SERVICE_UNAVAILABLE; so do shops
 * whose document is lost or being rebuilt (see answer-missing-shops.ts).
 */
export function createShopLoader(store: ReadModelStore, lastKnown: LastKnownDocuments, logger: Logger): DataLoader<string, ShopDocument | null> {
  const metrics = readModelMetrics();
  // DataLoader takes an Error in place of a value as that key's failure.
  return new DataLoader<string, ShopDocument | null>(async (ids): Promise<(ShopDocument | null | Error)[]> => {
    const fromLastKnown = (wanted: readonly string[] = ids) =>
      wanted.map((id) => {
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
    const answers: (ShopDocument | null | Error)[] = raws.map((raw, i) => {
      if (!raw) return null;
      const document = JSON.parse(raw) as ShopDocument;
      lastKnown.remember(ids[i]!, document);
      return document;
    });
    // A miss is "no such shop" only where the read model can tell (see answer-missing-shops.ts).
    const missing = ids.flatMap((id, i) => (raws[i] ? [] : [{ id, i }]));
    if (missing.length === 0) return answers;
    metrics.misses.inc(missing.length);
    try {
      const answered = await answerMissingShops(store, lastKnown, missing.map(({ id }) => id), metrics);
      missing.forEach(({ i }, j) => (answers[i] = answered[j]!));
    } catch (error) {
      logger.warn({ err: error }, 'read model unreachable; answering from the last known documents');
      const recalled = fromLastKnown(missing.map(({ id }) => id));
      missing.forEach(({ i }, j) => (answers[i] = recalled[j]!));
    }
    return answers;
  });
}
