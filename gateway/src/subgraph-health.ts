import { LRUCache } from 'lru-cache';

export type SubgraphHealth = Record<string, 'up' | 'down'>;

export interface SubgraphHealthOptions {
  /**
   * How long one fan-out's result answers every /ready call.
   * @default 1000
   */
  freshForMs?: number;
  /**
   * How long a subgraph has to answer its /health.
   * @default 1000
   */
  timeoutMs?: number;
}

/** Which subgraphs answer /health, asked now. Never throws. */
async function probeSubgraphs(urls: Record<string, string>, timeoutMs: number): Promise<SubgraphHealth> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      const up = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(timeoutMs) }).then(
        (response) => response.ok,
        () => false,
      );
      return [name, up ? 'up' : 'down'] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * Which subgraphs answer /health, for the gateway's /ready details. /ready is public and,
 * as a probe, passes admission control whatever the load (a busy worker is alive); a
 * fan-out to every subgraph per call would let anyone multiply requests onto every
 * subgraph. So one fan-out at a time per worker, its result shared by every call while it
 * runs and for `freshForMs` after: N concurrent calls cost one probe per subgraph.
 * lru-cache's `fetch` gives both (concurrent calls share the pending promise; the value
 * lives for its ttl).
 */
export function createSubgraphHealth(urls: Record<string, string>, { freshForMs = 1000, timeoutMs = 1000 }: SubgraphHealthOptions = {}): () => Promise<SubgraphHealth> {
  const latest = new LRUCache<'all', SubgraphHealth>({ max: 1, ttl: freshForMs, fetchMethod: () => probeSubgraphs(urls, timeoutMs) });
  return async () => (await latest.fetch('all'))!;
}
