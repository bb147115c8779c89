import { UNCACHED } from './shop-queries.ts';
import { netCpuSeconds, startCpuMeter, type IdleRate } from './stack-cpu.ts';
import type { StackProbe } from './stack-processes.ts';
import { post } from './post-graphql.ts';
import { LAG_PROBE, type ProbeSent } from './write-load.ts';

export interface ProbeReplayOptions {
  gatewayUrl: string;
  stack: StackProbe;
  idle: IdleRate;
  /** The probes a run sent (write-load's probeSchedule). */
  schedule: readonly ProbeSent[];
  /** Shops nobody writes meanwhile: the replay's probes read these. */
  shopIds: readonly string[];
}

/**
 * The processes a lag probe reaches: the gateway, the display subgraph, and Redis (the read
 * model's document; the gateway's limits). Whatever else moves during the replay (a reconcile,
 * an audit that fell into it) is not the probes': it stays in the report, not taken off.
 */
export const PROBE_PARTS = ['gateway', 'display', 'redis'];

/** Warm-up rounds of the hit probes' shops: each gateway worker keeps its own cache, and a round reaches one worker per shop. */
const WARM_ROUNDS = 4;

/**
 * The lag probes' own cost, measured alone: the probes of a run sent again with nothing else
 * running, at the same moments and answered the same way by the response cache — a probe that
 * was a hit reads a shop whose page is cached; one that executed (a miss: the page had just
 * been invalidated by the change) is sent with `Cache-Control: no-cache`, so it executes too
 * (it skips the miss's store into the cache, a few microseconds). The CPU over the replay,
 * less the idle burn, in the processes a probe reaches (PROBE_PARTS), is what the probes cost
 * the stack: W5 takes it off the updates' and reports it apart.
 */
export async function replayProbes({ gatewayUrl, stack, idle, schedule, shopIds }: ProbeReplayOptions) {
  for (let round = 0; round < WARM_ROUNDS; round += 1) for (const id of shopIds) await post(gatewayUrl, LAG_PROBE, { id });
  const byCache: Record<string, number> = {};
  const meter = startCpuMeter(stack);
  const started = performance.now();
  await Promise.all(
    schedule.map(async (probe, i) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + probe.atMs - performance.now())));
      const executes = probe.cache !== 'hit';
      const answer = await post(gatewayUrl, LAG_PROBE, { id: shopIds[i % shopIds.length]! }, undefined, executes ? UNCACHED : {}).catch(() => undefined);
      const cache = answer ? (answer.cache ?? 'none') : 'error';
      byCache[cache] = (byCache[cache] ?? 0) + 1;
    }),
  );
  const reading = await meter.stop();
  const cpuSeconds = netCpuSeconds(reading, idle);
  return {
    probes: schedule.length,
    byCache,
    seconds: +reading.seconds.toFixed(1),
    /** Every part's CPU over the replay, less idle (for the report). */
    cpuSeconds,
    /** What W5 takes off: the parts a probe reaches, never below zero. */
    takenOffSeconds: Object.fromEntries(PROBE_PARTS.map((part) => [part, Math.max(0, cpuSeconds[part] ?? 0)])),
  };
}
