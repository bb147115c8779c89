import type { measureAds } from './ads.ts';
import type { measureFullRebuilds } from './full-rebuild.ts';
import type { measureGatewayMemory } from './gateway-memory.ts';
import type { measureProjectorThroughput } from './projector-throughput.ts';
import { describeRequestFloor, type RequestFloor } from './request-floor.ts';
import { clean } from './write-load.ts';
import type { measureWritePath } from './write-path.ts';

/** One row of the read table, as main.ts reports it. */
export interface ReadRow {
  read: string;
  target: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  hitRatio: number | null;
  vsMonolith: number;
  vsFloor: number | null;
  errors: number;
  non2xx: number;
}

export interface BenchFigures {
  reads?: ReadRow[];
  bulk?: { mgetPerRequest: number; getPerRequest: number };
  write?: Awaited<ReturnType<typeof measureWritePath>>;
  /** A bare Node HTTP server's CPU per request (request-floor.ts), beside W5. */
  requestFloor?: RequestFloor;
  projector?: Awaited<ReturnType<typeof measureProjectorThroughput>>;
  memory?: Awaited<ReturnType<typeof measureGatewayMemory>>;
  rebuild?: Awaited<ReturnType<typeof measureFullRebuilds>>;
  ads?: Awaited<ReturnType<typeof measureAds>>;
}

export type Verdict = 'met' | 'not met' | 'not measured';

export interface TargetRow {
  target: string;
  /** The issue that set it. */
  issue: number;
  aim: string;
  figure: string;
  verdict: Verdict;
}

const verdict = (ok: boolean | undefined): Verdict => (ok === undefined ? 'not measured' : ok ? 'met' : 'not met');
const count = (codes: Record<string, number>) => Object.values(codes).reduce((sum, n) => sum + n, 0);

/** A refusal under overload must come at once: as W3's refusals, under a second. */
const FAST_REFUSAL_MS = 1000;

/** Every target the bench checks (issues 5, 10, 18 and 19), with the figure it was judged on. */
export function targetRows({ reads, bulk, write, requestFloor, projector, memory, rebuild, ads }: BenchFigures): TargetRow[] {
  const row = (read: string, target: string) => reads?.find((r) => r.read === read && r.target === target);
  const cachedOne = row('shop(id)', 'gateway, response cache');
  const uncachedOne = row('shop(id)', 'gateway, uncached');
  const cachedMany = row('shops(20 ids)', 'gateway, response cache');
  const uncachedMany = row('shops(20 ids)', 'gateway, uncached');
  const floor = row('shop(id)', 'floor (one Redis GET)');
  const times = (r: ReadRow | undefined, of: 'vsMonolith' | 'vsFloor') => (r ? `${r[of]}×` : '–');
  const w1 = write?.w1;
  const w3 = write?.w3;
  const bigRebuild = rebuild?.find((r) => r.shops >= 100_000);
  const clicks = ads?.clicks;
  const rows: TargetRow[] = [
    {
      target: 'A1',
      issue: 19,
      aim: 'sponsoredShops(area, first: 3) through the gateway ≥ 1.0× an uncached shops(ids) of 3 ids, same run',
      figure: ads ? `${ads.slate.requestsPerSecond} req/s vs ${ads.shops3.requestsPerSecond} req/s = ${ads.slateVsShops3}× (p99 ${ads.slate.p99Ms} vs ${ads.shops3.p99Ms} ms)` : '–',
      verdict: verdict(ads && ads.slate.errors + ads.slate.non2xx === 0 && ads.slateVsShops3 >= 1),
    },
    {
      target: 'A2',
      issue: 19,
      aim: `${clicks?.clicks ?? 1000} concurrent clicks on one campaign: spending ≤ budget, every click answered, no 5xx but a fast 503 with Retry-After`,
      figure: clicks
        ? `spent ${clicks.spentToday} of ${clicks.budget} (${clicks.charged} charged × ${clicks.bid}), ${clicks.notCharged} not charged, ${clicks.refused503} refused 503 (${clicks.refused503WithoutRetryAfter} without Retry-After, slowest ${clicks.refused503SlowestMs} ms), ${clicks.fiveHundreds} other 5xx, ${clicks.unanswered} unanswered, other refusals ${JSON.stringify(clicks.otherRefusals)}`
        : '–',
      verdict: verdict(
        clicks &&
          clicks.spentToday <= clicks.budget &&
          clicks.spentToday === clicks.charged * clicks.bid &&
          clicks.unanswered === 0 &&
          clicks.fiveHundreds === 0 &&
          clicks.refused503WithoutRetryAfter === 0 &&
          clicks.refused503SlowestMs < FAST_REFUSAL_MS &&
          clicks.charged + clicks.notCharged + clicks.refused503 === clicks.clicks,
      ),
    },
    {
      target: 'R1',
      issue: 18,
      aim: 'cached shop(id) ≥ 1.0× the floor, hit ratio ≥ 0.99',
      figure: cachedOne && floor ? `${cachedOne.requestsPerSecond} req/s = ${times(cachedOne, 'vsFloor')} the floor (${floor.requestsPerSecond}), hit ratio ${cachedOne.hitRatio}` : '–',
      verdict: verdict(cachedOne && floor && cachedOne.vsFloor !== null && cachedOne.vsFloor >= 1 && (cachedOne.hitRatio ?? 0) >= 0.99),
    },
    {
      target: 'R2',
      issue: 18,
      aim: 'through the gateway, × the monolith: uncached shop(id) ≥ 1.5, uncached shops(20) ≥ 1.5, cached shops(20) ≥ 3',
      figure: `uncached shop(id) ${times(uncachedOne, 'vsMonolith')}, uncached shops(20) ${times(uncachedMany, 'vsMonolith')}, cached shops(20) ${times(cachedMany, 'vsMonolith')}`,
      verdict: verdict(uncachedOne && uncachedMany && cachedMany && uncachedOne.vsMonolith >= 1.5 && uncachedMany.vsMonolith >= 1.5 && cachedMany.vsMonolith >= 3),
    },
    {
      target: 'W1',
      issue: 10,
      aim: '100 updates/s for 60 s with 100 cached reads/s beside: 0 refused, 0 failed, lag p50 ≤ 20 ms, p99 ≤ 100 ms',
      figure: w1
        ? `${w1.targetPerSecond}/s for ${w1.seconds} s: ${w1.acknowledged}/${w1.updates} acknowledged, ${count(w1.refused)} refused, ${count(w1.failed)} failed, ${w1.hung} hung; lag p50 ${w1.lagP50Ms} ms, p99 ${w1.lagP99Ms} ms; ${w1.reads.errors} of ${w1.reads.sent} reads failed`
        : '–',
      verdict: verdict(w1 && w1.targetPerSecond >= 100 && w1.seconds >= 60 && w1.updates >= 1000 && clean(w1) && w1.reads.errors === 0 && w1.lagP50Ms <= 20 && w1.lagP99Ms <= 100),
    },
    {
      target: 'W2',
      issue: 10,
      aim: 'highest clean rate (0 failed, lag p99 ≤ 1 s) ≥ 300/s',
      figure: write ? `${write.w2.sustainedPerSecond}/s` : '–',
      verdict: verdict(write && write.w2.sustainedPerSecond >= 300),
    },
    {
      target: 'W3',
      issue: 10,
      aim: 'past saturation: refusals < 1 s with Retry-After, 0 failed or hung, cached reads p99 ≤ 50 ms, 0 drift after',
      figure: w3
        ? `${w3.targetPerSecond}/s: ${count(w3.failed)} failed, ${w3.hung} hung, ${w3.refusalsOver1s} refusals ≥ 1 s (max ${w3.refusalMaxMs} ms), ${w3.refusalsWithoutRetryAfter} without Retry-After; reads p99 ${w3.reads.p99Ms} ms, ${w3.reads.errors} errors; ${w3.driftedAfter} of ${w3.checkedAfter} drifted`
        : '–',
      verdict: verdict(
        w3 &&
          count(w3.failed) === 0 &&
          w3.hung === 0 &&
          w3.refusalsOver1s === 0 &&
          w3.refusalsWithoutRetryAfter === 0 &&
          w3.reads.p99Ms <= 50 &&
          w3.reads.errors === 0 &&
          w3.driftedAfter === 0,
      ),
    },
    {
      target: 'W4',
      issue: 10,
      aim: 'projector and search indexer ≥ 2,000 events/s each',
      figure: projector ? `projector ${projector.eventsPerSecond}/s, search indexer ${projector.search.eventsPerSecond}/s` : '–',
      verdict: verdict(projector && projector.eventsPerSecond >= 2000 && projector.search.eventsPerSecond >= 2000),
    },
    {
      target: 'W5',
      issue: 18,
      aim: '≤ 5 ms of CPU per update, every process of the stack',
      figure: w1
        ? `${w1.cpu.totalMs} ms (${Object.entries(w1.cpu.perPartMs).filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]).map(([part, ms]) => `${part} ${ms}`).join(', ')})` +
          (w1.cpu.probesTakenOff ? `; the lag probes' ${w1.cpu.probes?.cpu.totalMs} ms taken off` : '; the lag probes NOT taken off (--skip probes)') +
          (requestFloor ? `; a bare Node HTTP server here: ${describeRequestFloor(requestFloor)}` : '')
        : '–',
      // Not judged with the probes left in (--skip probes): the figure would be the bench's own cost too.
      verdict: verdict(w1 && (w1.cpu.probesTakenOff ? w1.cpu.totalMs <= 5 : undefined)),
    },
    {
      target: 'W5 PostgreSQL',
      issue: 18,
      aim: "≤ 1.5 ms of it in PostgreSQL (the stack's database's backends)",
      figure: w1 ? `${w1.cpu.perPartMs.postgres ?? 0} ms; apart: shared processes ${w1.cpu.apartMs.postgresShared ?? 0} ms, other databases ${w1.cpu.apartMs.postgresOtherDatabases ?? 0} ms` : '–',
      verdict: verdict(w1 && (w1.cpu.probesTakenOff ? (w1.cpu.perPartMs.postgres ?? 0) <= 1.5 : undefined)),
    },
    {
      target: 'P1',
      issue: 5,
      aim: 'cached shop(id) ≥ 1× the monolith, p99 ≤ 30 ms',
      figure: cachedOne ? `${times(cachedOne, 'vsMonolith')}, p99 ${cachedOne.p99Ms} ms` : '–',
      verdict: verdict(cachedOne && cachedOne.vsMonolith >= 1 && cachedOne.p99Ms <= 30),
    },
    {
      target: 'P2',
      issue: 5,
      aim: 'cached shops(20) ≥ 1× the monolith, one MGET per uncached request',
      figure: cachedMany && bulk ? `${times(cachedMany, 'vsMonolith')}, ${bulk.mgetPerRequest} MGET + ${bulk.getPerRequest} GET` : '–',
      verdict: verdict(cachedMany && bulk && cachedMany.vsMonolith >= 1 && bulk.mgetPerRequest === 1 && bulk.getPerRequest === 0),
    },
    {
      target: 'P4',
      issue: 5,
      aim: 'full rebuild of 100,000 shops ≤ 60 s',
      figure: bigRebuild ? `${bigRebuild.shops.toLocaleString('en')} in ${bigRebuild.seconds} s` : '–',
      verdict: verdict(bigRebuild && bigRebuild.seconds <= 60),
    },
    {
      target: 'P5',
      issue: 5,
      aim: 'largest gateway process ≤ 200 MB, total within 10 % after the reads',
      figure: memory ? `largest ${memory.largestProcessMb} MB, total ${memory.samples[0]!.totalMb} → ${memory.afterTotalMb} MB` : '–',
      verdict: verdict(memory && memory.largestProcessMb <= 200 && memory.afterTotalMb <= memory.samples[0]!.totalMb * 1.1),
    },
  ];
  return rows;
}
