import type pg from 'pg';
import { CONSUMERS } from '@shopgraph/events/consumers';
import type { CommandSystem } from '@shopgraph/events/events';
import type { recoveryContext } from '@shopgraph/operator-tools/recovery-context';
import { waitUntilQueuesDrained } from './queue-drain.ts';
import { replayProbes } from './probe-replay.ts';
import { cpuPerUnit, measureIdle, netCpuSeconds, startCpuMeter } from './stack-cpu.ts';
import { COUNTED_NOTE, APART, type StackProbe } from './stack-processes.ts';
import { post } from './post-graphql.ts';
import { CUSTOMER_READ } from './customer-reads.ts';
import { clean, runWriteLoad, type WritableShop, type WriteLoadResult } from './write-load.ts';

export interface WritePathOptions {
  gatewayUrl: string;
  /** Where owners' updates go (see `WriteLoadOptions`). */
  ownerGatewayUrl: string;
  readModelRedisUrl: string;
  readModelPrefix: string;
  queueRedisUrl: string;
  queuePrefix: string;
  /** Shops and their owners' tokens, in random order; each run takes the next ones round the list (distinct within a run). */
  shops: WritableShop[];
  recovery: ReturnType<typeof recoveryContext>;
  /** The stack's database: W3's check waits for its outboxes to be published. */
  db: pg.Client;
  /** W1's rate and length. @default 100, 60 */
  rate: number;
  seconds: number;
  /** W2's steps: each rate runs this long. */
  stepSeconds: number;
  steps: readonly number[];
  /** Customer reads per second beside the writes. */
  readsPerSecond: number;
  /** Finds the stack's processes for W5's CPU. */
  stack: StackProbe;
  /** How long the idle stack is sampled before W1 (long enough for its periodic work). */
  idleSeconds: number;
  /** Measure the lag probes' cost alone after W1 and take it off W5. @default true */
  replayProbes?: boolean;
}

/**
 * The write path's targets in one go (issue #10): W1, the target rate with customer reads
 * beside it, and the CPU each update costs across every process of the stack (W5, from
 * /proc and pg_stat_activity: see stack-processes.ts for what counts; the idle burn, sampled
 * over `idleSeconds` first, and the lag probes' own cost, measured alone afterwards, taken
 * off); W2, the rate stepped up until an update fails or the lag p99
 * passes 1 s; W3, twice that rate, where every update must end acknowledged or refused fast
 * with a retryable code while cached reads stay fast, and the read model must converge.
 */
/** Updates sent before W1, not counted (see measureWritePath). */
const WRITE_WARM_UP_SECONDS = 5;
/**
 * W2 and W3 measure the lag of one acknowledged update in this many (W1, whose aims are the
 * lag's, measures every one). The probes read each sampled shop again until it shows the
 * change, a few reads per update, all of a page the change just evicted; at W2's 300/s that
 * was 7,772 reads in 10 s beside 2,295 updates, and in W3 more than the customer reads the run
 * is about (write-load.ts). A sample of a tenth still gives a p99 over ≥ 100 updates a step.
 */
const W2_LAG_SAMPLE_EVERY = 10;
const W3_LAG_SAMPLE_EVERY = 20;

export async function measureWritePath(options: WritePathOptions) {
  const { shops } = options;
  // Customer reads go to shops the writers never touch, so their pages stay cached (W3 asks
  // that cached reads stay fast during the storm); each run warms them first.
  const readShopIds = shops.splice(-200).map((shop) => shop.id);
  const warm = async () => {
    for (const id of readShopIds) await post(options.gatewayUrl, CUSTOMER_READ, { id });
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
  /**
   * Every change published and consumed: no outbox row unpublished, then the queues empty (an
   * event can leave its outbox after the queues were last seen empty, so the outboxes first).
   */
  const settled = async () => {
    const systems: readonly CommandSystem[] = ['owner', 'shop', 'review', 'ads'];
    const unpublished = `SELECT ${systems.map((system) => `(SELECT count(*) FROM "${system}"."outbox" WHERE published_at IS NULL)`).join(' + ')} AS n`;
    for (;;) {
      const { rows } = await options.db.query<{ n: string }>(unpublished);
      if (Number(rows[0]!.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await drained();
  };
  const load = async (perSecond: number, seconds: number, readsPerSecond = options.readsPerSecond, lagSampleEvery = 1) => {
    if (readsPerSecond > 0) await warm();
    const { probeSchedule, ...run } = await runWriteLoad({ ...options, shops: take(Math.round(perSecond * seconds)), perSecond, seconds, readsPerSecond, readShopIds, lagSampleEvery });
    return { run, probeSchedule };
  };

  // A stack that has taken no writes yet answers its first of them slowly (each process's code
  // not yet optimised): a driver sending 100 updates/s to a freshly started stack had answers
  // p50 133 ms in the first quarter second and ~10 ms from the second half second on, and none
  // slow on the same stack after 15 s idle. wrk warms the read rows up the same way; these
  // updates count nowhere. They come with W1's customer reads and lag probes, so that every path
  // W1 measures has run before it: warmed with updates alone, a freshly started stack still had
  // the two cores full for W1's first seconds (2026-12-05 22:13; 0s×63 1s×58 slow updates), and
  // 0s×19 and none in two runs with the reads and probes (22:50; later bursts mid-run as before).
  console.log(`bench: warming the write path up, ${options.rate} updates/s for ${WRITE_WARM_UP_SECONDS} s (not counted) …`);
  await load(options.rate, WRITE_WARM_UP_SECONDS);
  await drained();
  console.log(`bench: idle stack for ${options.idleSeconds} s (its periodic work: the keeper's checks and audits, reconciles) …`);
  const idle = await measureIdle(options.stack, options.idleSeconds);
  console.log(`bench: W1, ${options.rate} updates/s for ${options.seconds} s with ${options.readsPerSecond} reads/s …`);
  const meter = startCpuMeter(options.stack);
  const { run: w1, probeSchedule } = await load(options.rate, options.seconds);
  await drained(); // the projection and indexing of every update count too
  const w1Reading = await meter.stop();
  let probes: Awaited<ReturnType<typeof replayProbes>> | undefined;
  if (options.replayProbes ?? true) {
    await drained();
    console.log(`bench: W5, the ${w1.probes.sent.toLocaleString('en')} lag probes of W1 again, alone …`);
    probes = await replayProbes({ gatewayUrl: options.gatewayUrl, stack: options.stack, idle, schedule: probeSchedule, shopIds: readShopIds });
  }
  // The customer reads ran beside the updates: their CPU is in the sum, as it would be in
  // production. The lag probes are the bench's own: measured alone, taken off, reported apart.
  const units = w1.acknowledged || 1;
  const withProbes = cpuPerUnit(netCpuSeconds(w1Reading, idle), units);
  const w5 = {
    ...cpuPerUnit(netCpuSeconds(w1Reading, idle, probes?.takenOffSeconds), units),
    probesTakenOff: probes !== undefined,
    withProbesMs: withProbes.totalMs,
    probes: probes && { ...probes, cpu: cpuPerUnit(probes.takenOffSeconds, units), cpuPerProbeMs: cpuPerUnit(probes.takenOffSeconds, probes.probes || 1).totalMs },
    windowSeconds: +w1Reading.seconds.toFixed(1),
    processes: w1Reading.processes,
    idle,
    counted: COUNTED_NOTE,
    apart: APART,
    found: options.stack.describe(),
  };
  console.log(`bench: W1 ${summary(w1)}; W5 ${w5.totalMs} ms CPU per update (${w5.withProbesMs} with the lag probes)`);

  const w2Runs: WriteLoadResult[] = [];
  let sustained = 0;
  for (const rate of options.steps) {
    console.log(`bench: W2 step, ${rate} updates/s for ${options.stepSeconds} s …`);
    const { run } = await load(rate, options.stepSeconds, 0, W2_LAG_SAMPLE_EVERY);
    w2Runs.push(run);
    console.log(`bench: W2 ${summary(run)}`);
    await drained();
    if (!clean(run) || run.lagP99Ms > 1000) break;
    sustained = rate;
  }

  const stormRate = Math.max(2 * sustained, 2 * (options.steps[0] ?? 50));
  console.log(`bench: W3, ${stormRate} updates/s for ${options.stepSeconds} s with ${options.readsPerSecond} reads/s …`);
  // W3's aims are about refusals, cached reads and drift, not lag: a sample shows the lag.
  const { run: w3 } = await load(stormRate, options.stepSeconds, options.readsPerSecond, W3_LAG_SAMPLE_EVERY);
  console.log(`bench: W3 ${summary(w3)}`);
  await settled();
  const drift = await options.recovery.verify();
  // Which ones, to look at: their documents' versions against the command side's, their jobs.
  if (drift.drifted.length > 0) console.log(`bench: W3 drifted documents: ${drift.drifted.slice(0, 50).join(', ')}`);
  return {
    w1: { ...w1, cpu: w5 },
    w2: { sustainedPerSecond: sustained, runs: w2Runs },
    w3: { ...w3, driftedAfter: drift.drifted.length, checkedAfter: drift.checked },
  };
}

/** `second×count` for the seconds with slow updates, in order (see `slowBySecond`), at most 30 of them. */
/** A tally by second of the run, as `0s×12 3s×4`. */
function bySecond(tally: Record<string, number>): string {
  const seconds = Object.entries(tally).sort(([a], [b]) => Number(a) - Number(b));
  if (seconds.length === 0) return 'none';
  return seconds.slice(0, 30).map(([second, n]) => `${second}s×${n}`).join(' ') + (seconds.length > 30 ? ` … (${seconds.length} seconds)` : '');
}

export function summary(run: WriteLoadResult): string {
  const refused = Object.entries(run.refused).map(([code, n]) => `${n} ${code}`).join(', ') || 'none';
  const failed = Object.entries(run.failed).map(([code, n]) => `${n} ${code}`).join(', ') || 'none';
  return (
    `${run.acknowledged}/${run.updates} acknowledged (${run.acknowledgedPerSecond}/s), refused ${refused} (max ${run.refusalMaxMs} ms), failed ${failed}, hung ${run.hung}; ` +
    `answer p50 ${run.ackP50Ms} ms p99 ${run.ackP99Ms} ms; lag${run.lagSampled < run.acknowledged ? ` (of ${run.lagSampled} sampled)` : ''} p50 ${run.lagP50Ms} ms p99 ${run.lagP99Ms} ms, ${run.notVisible} not visible; ` +
    `slow (answer + lag ≥ 250 ms) by second sent: ${bySecond(run.slowBySecond)}; ` +
    `reads p99 ${run.reads.p99Ms} ms, ${run.reads.errors} errors, not cache hits by second sent: ${bySecond(run.reads.notHitBySecond)}; ` +
    `${run.probes.sent} lag probes; the bench's own event loop late p50 ${run.generator.loopDelayP50Ms} ms, p99 ${run.generator.loopDelayP99Ms} ms, max ${run.generator.loopDelayMaxMs} ms (${run.generator.cpuSeconds} s of CPU)`
  );
}
