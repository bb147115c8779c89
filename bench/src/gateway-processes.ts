import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory of every gateway process (cluster primary and workers), read from /proc:
 * of `pids` when given (the stack's, from stack-processes.ts: other gateways may run on the
 * machine, e.g. end-to-end tests'), else of every process running gateway/dist/main.js.
 */
export function gatewayMemory(pids?: readonly number[]): { pids: number[]; rssMb: number[]; totalMb: number } {
  const found: { pid: number; rssMb: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (pids ? !pids.includes(Number(entry)) : !cmdline.includes('gateway/dist/main.js')) continue;
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] ?? 0);
      found.push({ pid: Number(entry), rssMb: Math.round(rssKb / 1024) });
    } catch {
      // The process ended while we looked.
    }
  }
  if (found.length === 0) throw new Error('No gateway process found (gateway/dist/main.js): start the stack with `npm start`.');
  found.sort((a, b) => a.pid - b.pid);
  return { pids: found.map((p) => p.pid), rssMb: found.map((p) => p.rssMb), totalMb: found.reduce((sum, p) => sum + p.rssMb, 0) };
}

/** The response cache's hit and miss counters, summed over the gateway workers. */
export async function cacheCounters(metricsUrl: string): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { hits: value('shopgraph_response_cache_hits_total'), misses: value('shopgraph_response_cache_misses_total') };
}
