import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge } from 'prom-client';
import type { ResponseCache } from './response-cache/response-cache.js';

/**
 * Prometheus metrics of one gateway process, in prom-client's global registry, which the
 * cluster primary aggregates over every worker (see cluster.ts). Counters mirror the
 * response cache's own tallies when scraped, so the hot path counts with plain integers.
 */
export function registerGatewayMetrics(cache: ResponseCache | null): void {
  // Constructing one in a worker is what makes it answer the primary's requests for metrics.
  new AggregatorRegistry();
  collectDefaultMetrics();
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
