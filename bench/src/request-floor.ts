import { post } from './post-graphql.ts';
import { procTable } from './proc-table.ts';
import { onSchedule } from './on-schedule.ts';

export interface RequestFloorOptions {
  /** A bare HTTP server (baselines/bare-http.ts) and its process. */
  url: string;
  pid: number;
  /** Requests per second, each rate measured for `seconds`. */
  rates: readonly number[];
  seconds: number;
}

/**
 * The CPU a bare Node HTTP server spends per request at a steady rate, from /proc: the fixed
 * cost every process of the stack pays for each request it takes, before any work. On the
 * 2 × AMD EPYC virtual machines of 2026-12-05 it was ~0.5 ms at 100 requests/s and ~0.1 ms at
 * 1,000/s: at a low rate each request wakes an idle process, and that wake-up, not the
 * JavaScript, is most of the cost. So W5 (CPU per update at 100 updates/s) is bounded below by
 * the processes an update wakes, times this figure, and is printed beside it, as the read
 * rows are beside the floor.
 */
export async function measureRequestFloor({ url, pid, rates, seconds }: RequestFloorOptions) {
  const cpuSeconds = () => procTable().get(pid)?.cpuSeconds ?? Number.NaN;
  const results: { perSecond: number; requests: number; cpuPerRequestUs: number }[] = [];
  for (const perSecond of rates) {
    const requests = Math.round(perSecond * seconds);
    const before = cpuSeconds();
    await onSchedule(requests, perSecond, performance.now(), async () => {
      await post(url, '{ __typename }', {});
    });
    const used = cpuSeconds() - before;
    results.push({ perSecond, requests, cpuPerRequestUs: Math.round((used * 1e6) / requests) });
  }
  return results;
}

export type RequestFloor = Awaited<ReturnType<typeof measureRequestFloor>>;

/** "526 µs per request at 100/s, 104 at 1,000/s" */
export const describeRequestFloor = (floor: RequestFloor) =>
  floor.map(({ perSecond, cpuPerRequestUs }, i) => `${cpuPerRequestUs}${i === 0 ? ' µs per request' : ''} at ${perSecond.toLocaleString('en')}/s`).join(', ');
