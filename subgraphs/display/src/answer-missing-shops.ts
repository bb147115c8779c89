import { codedError } from '@shopgraph/graphql-conventions/errors';
import type { ReadModelStore, ShopDocument } from '@shopgraph/read-model';
import type { LastKnownDocuments } from './last-known-documents.js';
import type { readModelMetrics } from './read-model-metrics.js';

/** Seconds a client is told to wait: a lost document is rebuilt within a keeper's check (2 s). */
const RETRY_AFTER_SECONDS = 1;

/**
 * Answers the shops Redis had no document for. Null ("no such shop") only where the read
 * model can say so (see `store.whyMissing`): a shop whose document was lost, or that a
 * rebuild has not reached yet, gets its last known document if this process still holds one,
 * or SERVICE_UNAVAILABLE with `retryAfter` (the gateway turns it into `Retry-After`); its
 * id is queued for the keeper to rebuild first. Never "does not exist" for a shop that does.
 */
export async function answerMissingShops(
  store: ReadModelStore,
  lastKnown: LastKnownDocuments,
  ids: readonly string[],
  metrics: ReturnType<typeof readModelMetrics>,
): Promise<(ShopDocument | null | Error)[]> {
  const reasons = await store.whyMissing(ids);
  return ids.map((id, i) => {
    if (reasons[i] === 'absent') {
      lastKnown.remember(id, null); // deleted, or never there: must not linger
      return null;
    }
    metrics.rebuilding.inc();
    const recalled = lastKnown.recall(id);
    if (recalled !== undefined) {
      metrics.lastKnownServes.inc();
      return recalled;
    }
    metrics.unavailable.inc();
    return codedError('SERVICE_UNAVAILABLE', 'This shop is being restored in the read model; try again in a moment.', { retryAfter: RETRY_AFTER_SECONDS });
  });
}
