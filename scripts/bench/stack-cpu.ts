import { readdirSync, readFileSync } from 'node:fs';

/** Which process of the stack a command line belongs to. */
const PARTS: [string, RegExp][] = [
  ['gateway', /gateway\/dist\/main\.js/],
  ['owner', /subgraphs\/owner\/dist\/main\.js/],
  ['shop', /subgraphs\/shop\/dist\/main\.js/],
  ['review', /subgraphs\/review\/dist\/main\.js/],
  ['projector', /subgraphs\/display\/dist\/projector\/main\.js/],
  ['display', /subgraphs\/display\/dist\/main\.js/],
  ['search', /subgraphs\/search\/dist\/main\.js/],
  ['postgres', /^postgres/],
  ['redis', /redis-server/],
];

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds each part of the stack has used so far (user + system), summed over its processes. */
export function stackCpuSeconds(): Record<string, number> {
  const totals: Record<string, number> = Object.fromEntries(PARTS.map(([name]) => [name, 0]));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const part = PARTS.find(([, pattern]) => pattern.test(cmdline))?.[0];
      if (!part) continue;
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      totals[part]! += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // The process ended while we looked.
    }
  }
  return totals;
}

/**
 * CPU milliseconds per unit of work, per part and in all, between two readings of
 * `stackCpuSeconds`, less what the stack burns when idle over the same time. Processes
 * that start or end in between are counted only while they ran.
 */
export function cpuPerUnit(before: Record<string, number>, after: Record<string, number>, units: number, idlePerSecond: Record<string, number> = {}, seconds = 0) {
  const perPart = Object.fromEntries(
    Object.keys(after).map((part) => [part, +(Math.max(0, (after[part]! - (before[part] ?? 0) - (idlePerSecond[part] ?? 0) * seconds) * 1000) / units).toFixed(2)]),
  );
  const total = +Object.values(perPart).reduce((sum, ms) => sum + ms, 0).toFixed(2);
  return { totalMs: total, perPartMs: perPart };
}

/** What the stack burns per second doing nothing (pollers, timers), measured over `seconds`. */
export async function idleCpuPerSecond(seconds = 3): Promise<Record<string, number>> {
  const before = stackCpuSeconds();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = stackCpuSeconds();
  return Object.fromEntries(Object.keys(after).map((part) => [part, (after[part]! - (before[part] ?? 0)) / seconds]));
}
