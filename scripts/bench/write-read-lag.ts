import { Redis } from 'ioredis';
import { shopChangedChannel } from '@shopgraph/events/read-model-changes';
import { graphql } from '../lib/graphql-client.ts';
import { percentile } from './stats.ts';

export interface LagOptions {
  gatewayUrl: string;
  token: string;
  /** Where the read model announces changes: the bench reads a shop once it has changed. */
  readModelRedisUrl: string;
  readModelPrefix: string;
  /** Shops to update, each at most once. */
  shopIds: readonly string[];
  perSecond: number;
  seconds: number;
}

const UPDATE = 'mutation BenchUpdate($id: ID!, $notice: String) { updateShop(id: $id, input: { notice: $notice }) { version } }';
const READ = 'query BenchLag($id: ID!) { shop(id: $id) { sourceVersion } }';
const GIVE_UP_MS = 30_000;

/**
 * Write→read lag as a customer sees it: an owner's updates at a fixed rate (open loop:
 * sent on schedule whether or not earlier ones are visible yet), each to a different shop,
 * and for each the time from the mutation's response until `shop(id)` through the gateway
 * shows the new version.
 *
 * Polling every shop every few ms would make the bench the heaviest client on the shared
 * cores, so a shop is read once right after the response, then again on each change the
 * read model announces for it (and every 100 ms as a safety net): the read that shows the
 * new version is what stops the clock.
 */
export async function measureWriteReadLag({ gatewayUrl, token, readModelRedisUrl, readModelPrefix, shopIds, perSecond, seconds }: LagOptions) {
  const count = Math.min(shopIds.length, Math.round(perSecond * seconds));
  const subscriber = new Redis(readModelRedisUrl);
  const waiting = new Map<string, () => void>();
  await subscriber.subscribe(shopChangedChannel(readModelPrefix));
  subscriber.on('message', (_channel: string, shopId: string) => waiting.get(shopId)?.());
  const lags: number[] = [];
  let failures = 0;
  const started = performance.now();
  const one = async (i: number) => {
    const due = started + (i * 1000) / perSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const id = shopIds[i]!;
    try {
      let announced = false;
      let wake = () => {};
      waiting.set(id, () => {
        announced = true;
        wake();
      });
      const { updateShop } = await graphql<{ updateShop: { version: number } }>(gatewayUrl, UPDATE, { id, notice: `bench ${i}` }, token);
      const acknowledged = performance.now();
      for (;;) {
        announced = false;
        const { shop } = await graphql<{ shop: { sourceVersion: number } | null }>(gatewayUrl, READ, { id });
        if (shop && shop.sourceVersion >= updateShop.version) break;
        if (performance.now() - acknowledged > GIVE_UP_MS) throw new Error(`shop ${id} v${updateShop.version} not visible after ${GIVE_UP_MS} ms`);
        // Read again as soon as a change is announced (or had been, during the last read).
        if (!announced) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, 100)));
      }
      lags.push(performance.now() - acknowledged);
    } catch (error) {
      failures += 1;
      if (failures <= 3) console.error(`lag: ${(error as Error).message}`);
    } finally {
      waiting.delete(id);
    }
  };
  await Promise.all(Array.from({ length: count }, (_, i) => one(i)));
  const elapsed = (performance.now() - started) / 1000;
  subscriber.disconnect();
  lags.sort((a, b) => a - b);
  return {
    updates: count,
    distinctShops: count,
    achievedPerSecond: Math.round(count / elapsed),
    failures,
    p50Ms: +percentile(lags, 50).toFixed(1),
    p99Ms: +percentile(lags, 99).toFixed(1),
    maxMs: +(lags.at(-1) ?? NaN).toFixed(1),
  };
}
