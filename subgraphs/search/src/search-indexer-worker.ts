import DataLoader from 'dataloader';
import { SEARCH } from '@shopgraph/events/consumers';
import { startConsumer, type ConsumerDeps } from '@shopgraph/kit/consumer';
import type { SearchIndex } from './search-index.js';

export interface SearchIndexerOptions extends Omit<ConsumerDeps, 'timing'> {
  index: SearchIndex;
  /**
   * Jobs in flight; their shops are indexed together (one snapshot call and one write per
   * batch, as the projector batches its reads).
   * @default 64
   */
  concurrency?: number;
  /** How long a job waits for others to join its batch, ms. @default 2 */
  windowMs?: number;
}

/** Keeps the search index up to date from shop events on the search system's own queue. */
export function startSearchIndexerWorker({ index, concurrency = 64, windowMs = 2, ...deps }: SearchIndexerOptions) {
  // No caching: every event must be indexed from the state as it is when its job runs.
  const indexing = new DataLoader<string, void>(
    async (ids) => {
      await index.indexShops([...new Set(ids)]);
      return ids.map(() => undefined);
    },
    { cache: false, maxBatchSize: 200, batchScheduleFn: (run) => setTimeout(run, windowMs) },
  );
  return startConsumer(SEARCH, (event) => indexing.load(event.payload.shopId), { ...deps, concurrency });
}
