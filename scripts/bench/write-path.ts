import { CONSUMERS } from '@shopgraph/events/consumers';
import type { recoveryContext } from '../lib/recovery-context.ts';
import { waitUntilQueuesDrained } from './queue-drain.ts';
import { cpuPerUnit, idleCpuPerSecond, stackCpuSeconds } from './stack-cpu.ts';
import { clean, CUSTOMER_READ, runWriteLoad, type WritableShop, type WriteLoadResult } from './write-load.ts';

export interface WritePathOptions {
  gatewayUrl: string;
  readModelRedisUrl: string;
  readModelPrefix: string;
  queueRedisUrl: string;
  queuePrefix: string;
  /** Shops and their owners' tokens, in random order; each run takes the next ones round the list (distinct within a run). */
  shops: WritableShop[];
  recovery: ReturnType<typeof recoveryContext>;
  /** W1's rate and length. @default 100, 60 */
  rate: number;
  seconds: number;
  /** W2's steps: each rate runs this long. */
  stepSeconds: number;
  steps: readonly number[];
  /** Customer reads per second beside the writes. */
  readsPerSecond: number;
}

/**
 * The write path's targets in one go (issue #10): W1, the target rate with customer reads
 * beside it, and the CPU each update costs across every process of the stack (W5, from
 * /proc, idle subtracted); W2, the rate stepped up until an update fails or the lag p99
 * passes 1 s; W3, twice that rate, where every update must end acknowledged or refused fast
 * with a retryable code while cached reads stay fast, and the read model must converge.
 */
export async function measureWritePath(options: WritePathOptions) {
  const { shops } = options;
  // Customer reads go to shops the writers never touch, so their pages stay cached (W3 asks
  // that cached reads stay fast during the storm); each run warms them first.
  const readShopIds = shops.splice(-200).map((shop) => shop.id);
  const warm = async () => {
    for (const id of readShopIds) {
      await fetch(options.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: CUSTOMER_READ, variables: { id } }) });
    }
  };
  let next = 0;
  const take = (wanted: number) => {
    const n = Math.min(wanted, shops.length);
    if (n < wanted) console.log(`bench: ${wanted} updates wanted, ${n} distinct shops available: the run stops at ${n} (raise --shops)`);
    const taken = Array.from({ length: n }, (_, i) => shops[(next + i) % shops.length]!);
    next = (next + n) % shops.length;
    return taken;
  };
  const drained = () => waitUntilQueuesDrained(options.queueRedisUrl, options.queuePrefix, CONSUMERS.map((c) => c.queue));
  const load = async (perSecond: number, seconds: number, readsPerSecond = options.readsPerSecond) => {
    if (readsPerSecond > 0) await warm();
    return runWriteLoad({ ...options, shops: take(Math.round(perSecond * seconds)), perSecond, seconds, readsPerSecond, readShopIds });
  };

  await drained();
  const idle = await idleCpuPerSecond(3);
  console.log(`bench: W1, ${options.rate} updates/s for ${options.seconds} s with ${options.readsPerSecond} reads/s …`);
  const cpuBefore = stackCpuSeconds();
  const w1Started = performance.now();
  const w1 = await load(options.rate, options.seconds);
  await drained(); // the projection and indexing of every update count too
  const w1Seconds = (performance.now() - w1Started) / 1000;
  // Reads ran beside the updates: their CPU is in the sum too, as it would be in production.
  const w5 = cpuPerUnit(cpuBefore, stackCpuSeconds(), w1.acknowledged || 1, idle, w1Seconds);
  console.log(`bench: W1 ${summary(w1)}; W5 ${w5.totalMs} ms CPU per update`);

  const w2Runs: WriteLoadResult[] = [];
  let sustained = 0;
  for (const rate of options.steps) {
    console.log(`bench: W2 step, ${rate} updates/s for ${options.stepSeconds} s …`);
    const run = await load(rate, options.stepSeconds, 0);
    w2Runs.push(run);
    console.log(`bench: W2 ${summary(run)}`);
    await drained();
    if (!clean(run) || run.lagP99Ms > 1000) break;
    sustained = rate;
  }

  const stormRate = Math.max(2 * sustained, 2 * (options.steps[0] ?? 50));
  console.log(`bench: W3, ${stormRate} updates/s for ${options.stepSeconds} s with ${options.readsPerSecond} reads/s …`);
  const w3 = await load(stormRate, options.stepSeconds);
  console.log(`bench: W3 ${summary(w3)}`);
  await drained();
  const drift = await options.recovery.verify();
  return {
    w1: { ...w1, cpu: w5 },
    w2: { sustainedPerSecond: sustained, runs: w2Runs },
    w3: { ...w3, driftedAfter: drift.drifted.length, checkedAfter: drift.checked },
  };
}

export function summary(run: WriteLoadResult): string {
  const refused = Object.entries(run.refused).map(([code, n]) => `${n} ${code}`).join(', ') || 'none';
  const failed = Object.entries(run.failed).map(([code, n]) => `${n} ${code}`).join(', ') || 'none';
  return (
    `${run.acknowledged}/${run.updates} acknowledged (${run.acknowledgedPerSecond}/s), refused ${refused} (max ${run.refusalMaxMs} ms), failed ${failed}, hung ${run.hung}; ` +
    `answer p50 ${run.ackP50Ms} ms p99 ${run.ackP99Ms} ms; lag p50 ${run.lagP50Ms} ms p99 ${run.lagP99Ms} ms, ${run.notVisible} not visible; ` +
    `reads p99 ${run.reads.p99Ms} ms, ${run.reads.errors} errors`
  );
}
