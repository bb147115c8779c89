import { readdirSync, readFileSync } from 'node:fs';

/** Every gateway process (of `pids` when given, else every process running gateway/dist/main.js), with what `read` takes from its /proc entry. */
function eachGatewayProcess<T>(pids: readonly number[] | undefined, read: (pid: string) => T): { pid: number; value: T }[] {
  const found: { pid: number; value: T }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (pids ? !pids.includes(Number(entry)) : !cmdline.includes('gateway/dist/main.js')) continue;
      found.push({ pid: Number(entry), value: read(entry) });
    } catch {
      // The process ended while we looked.
    }
  }
  if (found.length === 0) throw new Error('No gateway process found (gateway/dist/main.js): start the stack with `npm start`.');
  return found.sort((a, b) => a.pid - b.pid);
}

/**
 * Resident memory of every gateway process (cluster primary and workers), read from /proc:
 * of `pids` when given (the stack's, from stack-processes.ts: other gateways may run on the
 * machine, e.g. end-to-end tests'), else of every process running gateway/dist/main.js.
 */
export function gatewayMemory(pids?: readonly number[]): { pids: number[]; rssMb: number[]; totalMb: number } {
  const found = eachGatewayProcess(pids, (pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024));
  return { pids: found.map((p) => p.pid), rssMb: found.map((p) => p.value), totalMb: found.reduce((sum, p) => sum + p.value, 0) };
}

/** CPU time (user + system, clock ticks) of every gateway process so far, by pid (see `gatewayMemory` for which). */
export function gatewayCpuTicks(pids?: readonly number[]): Map<number, number> {
  const found = eachGatewayProcess(pids, (pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  });
  return new Map(found.map((p) => [p.pid, p.value]));
}

/** The response cache's hit and miss counters, summed over the gateway workers. */
export async function cacheCounters(metricsUrl: string): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { hits: value('shopgraph_response_cache_hits_total'), misses: value('shopgraph_response_cache_misses_total') };
}
