import DataLoader from 'dataloader';
import type { Consumer } from '@shopgraph/events/consumers';
import type { EventName, EventPayloads } from '@shopgraph/events/events';
import { startConsumer, type ConsumerDeps } from '@shopgraph/consumer-runtime/consumer';
import type { ShopCopy } from './reconcile-shop-copy.js';

/** The events that name one shop: a copy kept per shop is brought up to date on any of them. */
type ShopScopedEvent = { [N in EventName]: EventPayloads[N] extends { shopId: string } ? N : never }[EventName];

export interface ShopCopyWorkerOptions<N extends ShopScopedEvent> extends Omit<ConsumerDeps, 'timing'> {
  /** The copy's own queue (SEARCH, ADS_SHOPS, ADS_SERVING). */
  consumer: Consumer<N>;
  copy: Pick<ShopCopy, 'copy'>;
  /**
   * Jobs in flight; their shops are copied together (one snapshot call and one write per
   * batch, as the projector batches its reads).
   * @default 64
   */
  concurrency?: number;
  /** How long a job waits for others to join its batch, ms. @default 2 */
  windowMs?: number;
}

/**
 * Keeps a copy kept per shop (the search index, the ads system's known shops, the ads serving
 * store) up to date from events on the copy's own queue: each event names a shop, which is read
 * again from its source as it is when the job runs; what a lost event leaves wrong, the copy's
 * reconcile repairs.
 */
export function startShopCopyWorker<N extends ShopScopedEvent>({ consumer, copy, concurrency = 64, windowMs = 2, ...deps }: ShopCopyWorkerOptions<N>) {
  // No caching: every event must be copied from the state as it is when its job runs.
  const copying = new DataLoader<string, void>(
    async (ids) => {
      await copy.copy([...new Set(ids)]);
      return ids.map(() => undefined);
    },
    { cache: false, maxBatchSize: 200, batchScheduleFn: (run) => setTimeout(run, windowMs) },
  );
  return startConsumer(consumer, (event) => copying.load(event.payload.shopId), { ...deps, concurrency });
}
