import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge } from 'prom-client';
import type { ResponseCache } from './customer-reads/response-cache.js';
import type { RunningGateway } from './create-gateway.js';

/**
 * Prometheus metrics of one gateway process, in prom-client's global registry, which the
 * cluster primary aggregates over every worker (see cluster.ts). Counters mirror the
 * response cache's own tallies when scraped, so the hot path counts with plain integers.
 */
export function registerGatewayMetrics(cache: ResponseCache | null, live: RunningGateway['liveUpdates'] = null): void {
  // Constructing one in a worker is what makes it answer the primary's requests for metrics.
  new AggregatorRegistry();
  collectDefaultMetrics();
  if (live) registerLiveMetrics(live);
  if (!cache) return;
  const tally = (name: string, help: string, read: (stats: ReturnType<ResponseCache['stats']>) => number) =>
    new Counter({
      name: `shopgraph_response_cache_${name}_total`,
      help,
      collect() {
        this.reset();
        this.inc(read(cache.stats()));
      },
    });
  tally('hits', 'Customer reads answered from the response cache', (s) => s.hits);
  tally('misses', 'Cacheable customer reads that were executed', (s) => s.misses);
  tally('refused', 'Executed answers not stored because a shop they show changed meanwhile', (s) => s.refused);
  tally('evictions', 'Cached answers dropped because a shop they show changed', (s) => s.evictions);
  tally('too_large', 'Executed answers not stored because their key or entry is larger than the cache takes', (s) => s.tooLarge);
  tally('bypassed', 'Shop reads carrying credentials, never stored nor answered from the cache', (s) => s.bypassed);
  tally('turned_off', 'Times the cache turned itself off (its change subscription lost or not answering PING)', (s) => s.turnedOff);
  new Gauge({
    name: 'shopgraph_response_cache_entries',
    help: 'Cached answers',
    collect() {
      this.set(cache.stats().entries);
    },
  });
  new Gauge({
    name: 'shopgraph_response_cache_bytes',
    help: 'Bytes the cached answers hold: keys, bodies and bookkeeping',
    collect() {
      this.set(cache.stats().bytes);
    },
  });
  new Gauge({
    name: 'shopgraph_response_cache_enabled',
    help: '1 while the cache is subscribed to read-model changes and serving',
    collect() {
      this.set(cache.enabled ? 1 : 0);
    },
  });
}

/** Live updates (/graphql/stream); the push lag histogram is observed where views are pushed (live-shops.ts). */
function registerLiveMetrics(live: NonNullable<RunningGateway['liveUpdates']>): void {
  const tally = (name: string, help: string, read: (stats: ReturnType<typeof live.stats>) => number) =>
    new Counter({
      name: `shopgraph_live_${name}_total`,
      help,
      collect() {
        this.reset();
        this.inc(read(live.stats()));
      },
    });
  tally('views_pushed', 'Views pushed to live streams (one per stream a view reached)', (s) => s.viewsPushed);
  tally('slow_clients_dropped', 'Live streams dropped because their client read slower than views were pushed (past GATEWAY_STREAM_MAX_BUFFER_KB)', (s) => s.slowDropped);
  tally('reads', 'Reads of the display subgraph for live streams (one per shop and selection per change, however many streams watch)', (s) => s.reads);
  new Gauge({
    name: 'shopgraph_live_streams_open',
    help: 'Open live streams (/graphql/stream)',
    collect() {
      this.set(live.stats().open);
    },
  });
}
