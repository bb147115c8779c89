import DataLoader from 'dataloader';
import type { CommandSources } from './command-sources.js';

export interface BatchOptions {
  /**
   * Bulk calls per source at once. A read that finds this many outstanding waits, and the
   * reads arriving meanwhile join it: the batch is as large as the load makes it.
   * @default 2
   */
  maxInFlight?: number;
  /**
   * Largest batch (the bulk APIs take at most 500 ids).
   * @default 200
   */
  maxBatch?: number;
}

/**
 * The projector's sources with single reads joined into bulk reads: the jobs in flight
 * read their shops, owners and review summaries in one request per source, instead of one
 * request per job each. Nothing is cached between batches: every event must see the state
 * as it is when its job runs.
 *
 * A batch goes out as soon as the current turn of the event loop ends, unless `maxInFlight`
 * bulk calls of its source are outstanding; then it waits for one to finish, gathering the
 * reads of the jobs that start meanwhile. Under load that makes the batches (jobs start one
 * by one as BullMQ hands them out); at a few events a second, each read goes at once. A fixed
 * window (2 ms until 2026-12-05) made every lone read wait, and woke the idle process once more
 * per event for the timer.
 */
export function batchSources(sources: CommandSources, { maxInFlight = 2, maxBatch = 200 }: BatchOptions = {}): CommandSources {
  const loader = <T>(bulk: (ids: string[]) => Promise<T[]>) => {
    let inFlight = 0;
    const waiting: (() => void)[] = [];
    return new DataLoader<string, T>(
      async (ids) => {
        inFlight += 1;
        try {
          return await bulk([...ids]);
        } finally {
          inFlight -= 1;
          waiting.shift()?.();
        }
      },
      {
        cache: false,
        maxBatchSize: maxBatch,
        batchScheduleFn: (run) => (inFlight < maxInFlight ? setImmediate(run) : waiting.push(run)),
      },
    );
  };
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
