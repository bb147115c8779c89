import DataLoader from 'dataloader';
import type { CommandSources } from './command-sources.js';

export interface BatchOptions {
  /**
   * How long a read waits for others to join its batch, ms. Jobs start one by one as
   * BullMQ hands them out, so reads of the same tick alone make small batches.
   * @default 2
   */
  windowMs?: number;
  /**
   * Largest batch (the bulk APIs take at most 500 ids).
   * @default 200
   */
  maxBatch?: number;
}

/**
 * The projector's sources with single reads joined into bulk reads: the jobs in flight
 * read their shops, owners and review summaries in one request per source per window,
 * instead of one request per job each. Nothing is cached between batches: every event
 * must see the state as it is when its job runs.
 */
export function batchSources(sources: CommandSources, { windowMs = 2, maxBatch = 200 }: BatchOptions = {}): CommandSources {
  const loader = <T>(bulk: (ids: string[]) => Promise<T[]>) =>
    new DataLoader<string, T>((ids) => bulk([...ids]), {
      cache: false,
      maxBatchSize: maxBatch,
      batchScheduleFn: (run) => setTimeout(run, windowMs),
    });
  const shops = loader((ids) => sources.shopSnapshots(ids));
  const owners = loader((ids) => sources.ownerSnapshots(ids));
  const reviews = loader((ids) => sources.reviewSummaries(ids));
  return {
    ...sources,
    shopSnapshot: (id) => shops.load(id),
    ownerSnapshot: (id) => owners.load(id),
    reviewSummary: (shopId) => reviews.load(shopId),
  };
}
