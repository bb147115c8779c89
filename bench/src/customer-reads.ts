import { post } from './post-graphql.ts';
import { onSchedule } from './on-schedule.ts';
import { percentile, roundMs, tally } from './stats.ts';

/** A customer's shop page read (the bench warms these into the gateway's cache first). */
export const CUSTOMER_READ = 'query BenchRead($id: ID!) { shop(id: $id) { id name notice } }';

export interface CustomerReadsOptions {
  gatewayUrl: string;
  /** The shops read, in turn: shops nobody writes meanwhile, so their pages stay cached. */
  shopIds: readonly string[];
  perSecond: number;
  count: number;
}

/**
 * Customers' `shop(id)` reads at a fixed rate (open loop: sent on schedule whether or not
 * earlier ones have been answered), with their latencies and how the response cache answered
 * them, by the second of the run they were sent in: the reads are of shops warmed into the
 * cache, so a miss is work the writes beside them did not expect.
 */
export async function runCustomerReads({ gatewayUrl, shopIds, perSecond, count }: CustomerReadsOptions) {
  const latencies: number[] = [];
  const byCache: string[] = [];
  const notHitSeconds: number[] = [];
  let errors = 0;
  const sent = shopIds.length > 0 ? count : 0;
  const started = performance.now();
  await onSchedule(sent, perSecond, started, async (i) => {
    const id = shopIds[i % shopIds.length]!;
    const at = performance.now();
    const read = await post(gatewayUrl, CUSTOMER_READ, { id }).catch(() => undefined);
    byCache.push(read ? (read.cache ?? 'none') : 'error');
    if (read && read.cache !== 'hit') notHitSeconds.push(Math.floor((at - started) / 1000));
    if (!read?.data?.shop || read.errors?.length) errors += 1;
    else latencies.push(performance.now() - at);
  });
  latencies.sort((a, b) => a - b);
  return {
    sent,
    errors,
    p50Ms: roundMs(percentile(latencies, 50)),
    p99Ms: roundMs(percentile(latencies, 99)),
    byCache: tally(byCache),
    notHitBySecond: tally(notHitSeconds.map(String)),
  };
}

export type CustomerReadsResult = Awaited<ReturnType<typeof runCustomerReads>>;
