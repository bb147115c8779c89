import { graphql } from '../lib/graphql-client.ts';
import { percentile } from './stats.ts';

export interface LagOptions {
  gatewayUrl: string;
  token: string;
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
 * shows the new version (polled every 2 ms, through the response cache like any customer).
 */
export async function measureWriteReadLag({ gatewayUrl, token, shopIds, perSecond, seconds }: LagOptions) {
  const count = Math.min(shopIds.length, Math.round(perSecond * seconds));
  const lags: number[] = [];
  let failures = 0;
  const started = performance.now();
  const one = async (i: number) => {
    const due = started + (i * 1000) / perSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const id = shopIds[i]!;
    try {
      const { updateShop } = await graphql<{ updateShop: { version: number } }>(gatewayUrl, UPDATE, { id, notice: `bench ${i}` }, token);
      const acknowledged = performance.now();
      for (;;) {
        const { shop } = await graphql<{ shop: { sourceVersion: number } | null }>(gatewayUrl, READ, { id });
        if (shop && shop.sourceVersion >= updateShop.version) break;
        if (performance.now() - acknowledged > GIVE_UP_MS) throw new Error(`shop ${id} v${updateShop.version} not visible after ${GIVE_UP_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      lags.push(performance.now() - acknowledged);
    } catch (error) {
      failures += 1;
      if (failures <= 3) console.error(`lag: ${(error as Error).message}`);
    }
  };
  await Promise.all(Array.from({ length: count }, (_, i) => one(i)));
  const elapsed = (performance.now() - started) / 1000;
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
