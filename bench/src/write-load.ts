import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { HungError, post, type Answer } from './post-graphql.ts';
import { parseShopChange, shopChangedChannel } from '@shopgraph/events/read-model-changes';
import { percentile, roundMs, tally } from './stats.ts';
import { readInChildProcess } from './customer-reads-process.ts';
import { onSchedule } from './on-schedule.ts';

/** A shop the bench may update, and its owner's bearer token. */
export interface WritableShop {
  id: string;
  token: string;
}

export interface WriteLoadOptions {
  /** Where customers read (the lag probes and the reads beside). */
  gatewayUrl: string;
  /** Where owners update their shops: the owners' gateway (`npm start`'s :4010), or the same gateway. */
  ownerGatewayUrl: string;
  /** Where the read model announces changes: the bench reads a shop again once it has changed. */
  readModelRedisUrl: string;
  readModelPrefix: string;
  /** Shops to update, each at most once per run (so every update is a distinct shop's). */
  shops: readonly WritableShop[];
  perSecond: number;
  seconds: number;
  /** Customer `shop(id)` reads per second sent meanwhile (their latencies are reported). @default 0 */
  readsPerSecond?: number;
  /** The shops those reads ask for: shops nobody writes meanwhile, so their pages stay cached. */
  readShopIds?: readonly string[];
  /**
   * The lag is measured for every n-th acknowledged update only (1: all). Its probes are the
   * bench's own requests, not the load the run stands for: past saturation, every acknowledged
   * update read again until visible was ~1,000 extra reads/s through the gateway (W3 at 600/s,
   * 2026-12-05), more than the customer reads the run is about. The slow updates by second
   * (`slowBySecond`) are then of the sampled ones too.
   * @default 1
   */
  lagSampleEvery?: number;
}

const UPDATE = 'mutation BenchUpdate($id: ID!, $notice: String) { updateShop(id: $id, input: { notice: $notice }) { version } }';
/** The lag probe: an acknowledged update's shop, read through the gateway until it shows the new version. */
export const LAG_PROBE = 'query BenchLag($id: ID!) { shop(id: $id) { sourceVersion } }';
/** An update whose answer and lag together took this long counts as slow (see `slowBySecond`). */
const SLOW_MS = 250;

/** An update not visible by then is counted as not visible. */
const GIVE_UP_MS = 30_000;
/**
 * An acknowledged update's shop is read once the read model announces the change (at once if
 * it did before the answer), again on each later announcement and, without one or should that
 * read still be stale (a worker's cache not yet evicted), after the first of these, each twice
 * the one before up to the last. A fixed 100 ms poll made the probes grow
 * with the lag they measure: at a lag of 15 s, 1,500 pending updates asked for 15,000 reads/s,
 * most of W1's requests (28,154 probes beside 6,000 updates on 2026-12-04 18:46), on the cores
 * the stack and this process share, which then lengthened the lag.
 *
 * A read sent the moment a change is announced can still find the old page: this process and
 * the gateway's workers hear the announcement on different connections, and the worker may
 * evict a moment later. Such a read is tried again after `afterAnnouncement` (doubling), not
 * after the backed-off poll: with the poll, a race of a millisecond was counted as ~200 ms
 * (2026-12-04 22:41: W2 at 50/s, lag p99 221 ms, while the projector's own commit-to-projected
 * lag of the same kind of run was ≤ 50 ms for 99.5 % of the updates).
 */
const PROBE_POLL_MS = { first: 100, afterAnnouncement: 10, max: 1000 };
/** Codes a client may retry on. */
const RETRYABLE = new Set(['SERVICE_UNAVAILABLE', 'TOO_MANY_REQUESTS']);

/** One lag probe sent during a run: when (ms after the run's start) and how the response cache answered it. */
export interface ProbeSent {
  atMs: number;
  cache: string;
}

/**
 * Owners' updates through the owners' gateway at a fixed rate (open loop: sent on schedule whether
 * or not earlier ones have been answered), each to a different shop, with optional steady
 * customer reads beside them. For every update it records how it ended — acknowledged,
 * refused with a retryable code (and how fast), failed otherwise, or hung — and for every
 * acknowledged one the lag from the answer until `shop(id)` through the gateway shows the
 * new version (read when the read model announces the change, and after a backed-off poll).
 */
export async function runWriteLoad({ gatewayUrl, ownerGatewayUrl, readModelRedisUrl, readModelPrefix, shops, perSecond, seconds, readsPerSecond = 0, readShopIds = [], lagSampleEvery = 1 }: WriteLoadOptions) {
  const count = Math.min(shops.length, Math.round(perSecond * seconds));
  const subscriber = new Redis(readModelRedisUrl);
  const waiting = new Map<string, () => void>();
  // Shops with an update sent and its lag not yet measured, and those of them whose change the
  // read model has announced meanwhile: an announcement can come before the update's answer.
  const inFlight = new Set<string>();
  const announcedEarly = new Set<string>();
  await subscriber.subscribe(shopChangedChannel(readModelPrefix));
  subscriber.on('message', (_channel: string, message: string) => {
    const { shopId } = parseShopChange(message);
    if (inFlight.has(shopId)) announcedEarly.add(shopId);
    waiting.get(shopId)?.();
  });
  const acks: number[] = [];
  const lags: number[] = [];
  // The second of the run each slow update was sent in: a tail that comes in bursts, and when,
  // points at what ran then (a periodic audit or reconcile, a collection) rather than at every update.
  const slowSeconds: number[] = [];
  const refusals: number[] = [];
  const refusedCodes: Record<string, number> = {};
  const failedCodes: Record<string, number> = {};
  let hung = 0;
  let notVisible = 0;
  let refusalsWithoutRetryAfter = 0;
  // Who answered a refusal that took a second or more: the gateway's door, its write limit, or the command side.
  const slowRefusals: string[] = [];
  // Every lag probe, so that their cost can be measured alone afterwards (probe-replay.ts).
  const probes: ProbeSent[] = [];
  // Customer reads beside the writes, open loop too, in a process of their own (ready before the start).
  const customerReads = await readInChildProcess({ gatewayUrl, shopIds: readShopIds, perSecond: readsPerSecond, count: Math.round(readsPerSecond * seconds) });
  // This process shares the cores with the stack: when its own event loop runs late, it sends
  // late and reads answers late, and every latency it reports includes that wait.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpuAtStart = process.cpuUsage();
  const started = performance.now();

  const measure = async (i: number) => {
    const { id, token } = shops[i]!;
    const sent = performance.now();
    let answer: Answer;
    try {
      answer = await post(ownerGatewayUrl, UPDATE, { id, notice: `bench ${Date.now()}-${i}` }, token);
    } catch (error) {
      if (error instanceof HungError) hung += 1;
      else failedCodes.NETWORK = (failedCodes.NETWORK ?? 0) + 1;
      return;
    }
    const answeredIn = performance.now() - sent;
    const version = answer.data?.updateShop?.version as number | undefined;
    if (version === undefined) {
      const code = answer.errors?.[0]?.extensions?.code ?? `HTTP_${answer.status}`;
      if (RETRYABLE.has(code)) {
        refusedCodes[code] = (refusedCodes[code] ?? 0) + 1;
        refusals.push(answeredIn);
        if (answeredIn >= 1000) slowRefusals.push(`HTTP ${answer.status}: ${answer.errors?.[0]?.message ?? ''}`);
        // A request-level refusal (429/503) must say when to retry; a field error in a 200 cannot.
        if (answer.status !== 200 && !answer.retryAfter) refusalsWithoutRetryAfter += 1;
      } else failedCodes[code] = (failedCodes[code] ?? 0) + 1;
      return;
    }
    acks.push(answeredIn);
    if (acks.length % lagSampleEvery !== 0) return;
    const acknowledged = performance.now();
    // Read at once only if the change was announced already; otherwise first wait for its
    // announcement (or the first poll): a read sent before it finds the old page, and was half
    // of W1's probes (2 per update), load of the bench's own on the cores it measures.
    let announced = announcedEarly.has(id);
    let wake = () => {};
    let pollMs = announced ? PROBE_POLL_MS.afterAnnouncement : PROBE_POLL_MS.first;
    waiting.set(id, () => {
      announced = true;
      pollMs = PROBE_POLL_MS.afterAnnouncement;
      wake();
    });
    try {
      for (;;) {
        if (!announced) {
          await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, pollMs)));
          pollMs = Math.min(PROBE_POLL_MS.max, pollMs * 2);
        }
        announced = false;
        const atMs = performance.now() - started;
        const read = await post(gatewayUrl, LAG_PROBE, { id }).catch(() => undefined);
        probes.push({ atMs, cache: read ? (read.cache ?? 'none') : 'error' });
        const shop = read?.data?.shop as { sourceVersion: number } | null | undefined;
        if (shop && shop.sourceVersion >= version) break;
        if (performance.now() - acknowledged > GIVE_UP_MS) {
          notVisible += 1;
          return;
        }
      }
      const lag = performance.now() - acknowledged;
      lags.push(lag);
      if (answeredIn + lag >= SLOW_MS) slowSeconds.push(Math.floor((sent - started) / 1000));
    } finally {
      waiting.delete(id);
    }
  };

  const one = async (i: number) => {
    const { id } = shops[i]!;
    inFlight.add(id);
    try {
      await measure(i);
    } finally {
      inFlight.delete(id);
      announcedEarly.delete(id);
    }
  };

  const [readResult] = await Promise.all([customerReads.start(), onSchedule(count, perSecond, started, one)]);
  const elapsed = (performance.now() - started) / 1000;
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuAtStart);
  subscriber.disconnect();
  for (const list of [acks, lags, refusals]) list.sort((a, b) => a - b);
  return {
    targetPerSecond: perSecond,
    seconds,
    updates: count,
    acknowledged: acks.length,
    acknowledgedPerSecond: Math.round(acks.length / seconds),
    refused: refusedCodes,
    refusalsOver1s: refusals.filter((ms) => ms >= 1000).length,
    refusalMaxMs: roundMs(refusals.at(-1) ?? 0),
    refusalsWithoutRetryAfter,
    /** The refusals of a second or more, by status and message (which part of the stack answered). */
    slowRefusals: tally(slowRefusals),
    failed: failedCodes,
    hung,
    ackP50Ms: roundMs(percentile(acks, 50)),
    ackP99Ms: roundMs(percentile(acks, 99)),
    lagP50Ms: roundMs(percentile(lags, 50)),
    lagP99Ms: roundMs(percentile(lags, 99)),
    lagMaxMs: roundMs(lags.at(-1) ?? NaN),
    /** Of how many acknowledged updates the lag was measured (every `lagSampleEvery`-th). */
    lagSampled: lags.length + notVisible,
    notVisible,
    /** Acknowledged updates whose answer and lag together took 250 ms or more, by the second of the run they were sent in. */
    slowBySecond: tally(slowSeconds.map(String)),
    reads: readResult,
    wallSeconds: +elapsed.toFixed(1),
    /**
     * The load generator itself (this process): how late its event loop ran and the CPU it used.
     * A late loop means the latencies above include time the answers waited for the bench.
     */
    generator: {
      loopDelayP50Ms: roundMs(loopDelay.percentile(50) / 1e6),
      loopDelayP99Ms: roundMs(loopDelay.percentile(99) / 1e6),
      loopDelayMaxMs: roundMs(loopDelay.max / 1e6),
      cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    },
    /** The lag probes sent, by how the response cache answered them. */
    probes: { sent: probes.length, byCache: tally(probes.map((p) => p.cache)) },
    /** Every probe's time and cache status (left out of the JSON: thousands of entries). */
    probeSchedule: probes.sort((a, b) => a.atMs - b.atMs),
  };
}

/** A run's figures (its probe schedule is measured with, not reported). */
export type WriteLoadResult = Omit<Awaited<ReturnType<typeof runWriteLoad>>, 'probeSchedule'>;

/** No failed, hung or invisible update, and every update acknowledged. */
export const clean = (run: WriteLoadResult) =>
  run.acknowledged === run.updates && run.hung === 0 && run.notVisible === 0 && Object.keys(run.failed).length === 0;
