import type { Clock } from '@shopgraph/ads-store/clock';
import type { CommandContext } from '@shopgraph/command-runtime/command-subgraph';
import type { AdsLoaders } from './ads-loaders.js';
import type { KnownShops } from './known-shops/known-shops.js';

export interface AdsContext extends CommandContext {
  clock: Clock;
  /** What the ads system knows of shops: read, and learnt from the shop system when it knows nothing yet. */
  knownShops: KnownShops;
  /** Campaigns, shops and today's counters of the campaigns a request shows, loaded in batches. */
  loaders: AdsLoaders;
}
