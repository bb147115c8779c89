import { readFileSync } from 'node:fs';
import { procTable } from './proc-table.ts';
import { APART, type StackProbe } from './stack-processes.ts';

/** CPU seconds each part of the stack used over a window, and how many processes it had. */
export interface CpuReading {
  seconds: number;
  cpuSeconds: Record<string, number>;
  processes: Record<string, number>;
}

/** How often the meter reads /proc and pg_stat_activity: a process that ends is counted up to its last reading. */
const SAMPLE_MS = 1000;

/**
 * Starts counting the stack's CPU: every second it reads every process's CPU time and asks
 * `stack` which part each one is, so a process that starts meanwhile (a PostgreSQL backend, a
 * restarted gateway worker) counts from its start, and one that ends counts up to its last
 * reading (at most a second of it is lost). `stop()` sums, per part, what each process used
 * between the first and the last time it was seen in the window.
 */
export function startCpuMeter(stack: StackProbe): { stop(): Promise<CpuReading> } {
  const ticksPerSecond = 100;
  const windowStartTicks = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * ticksPerSecond;
  const started = performance.now();
  const tracked = new Map<string, { part: string; base: number; last: number }>();
  let first = true;
  const sample = async () => {
    const table = procTable();
    const parts = await stack.classify(table);
    for (const [pid, part] of parts) {
      const p = table.get(pid)!;
      const key = `${pid}:${p.startTicks}`;
      const seen = tracked.get(key);
      // Seen first at the window's start: counts from now. Started inside the window: all of it.
      if (!seen) tracked.set(key, { part, base: first || p.startTicks < windowStartTicks ? p.cpuSeconds : 0, last: p.cpuSeconds });
      else Object.assign(seen, { part, last: p.cpuSeconds });
    }
    first = false;
  };
  let stopped = false;
  const firstSample = sample();
  const loop = (async () => {
    await firstSample;
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
      if (!stopped) await sample();
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await sample();
      const cpuSeconds: Record<string, number> = {};
      const processes: Record<string, number> = {};
      for (const { part, base, last } of tracked.values()) {
        cpuSeconds[part] = (cpuSeconds[part] ?? 0) + last - base;
        processes[part] = (processes[part] ?? 0) + 1;
      }
      return { seconds: (performance.now() - started) / 1000, cpuSeconds, processes };
    },
  };
}

/** What the stack burns per second doing nothing (pollers, the keeper's checks and audits, reconciles), and over how long. */
export interface IdleRate {
  seconds: number;
  perSecond: Record<string, number>;
}

/** Samples the idle stack for `seconds`: long enough to hold its periodic work (the keeper's 60 s audit). */
export async function measureIdle(stack: StackProbe, seconds: number): Promise<IdleRate> {
  const meter = startCpuMeter(stack);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const reading = await meter.stop();
  return {
    seconds: +reading.seconds.toFixed(1),
    perSecond: Object.fromEntries(Object.entries(reading.cpuSeconds).map(([part, cpu]) => [part, +(cpu / reading.seconds).toFixed(5)])),
  };
}

/** A reading less the idle burn over its length and less other work measured apart (e.g. the lag probes), CPU seconds per part. */
export function netCpuSeconds(reading: CpuReading, idle?: IdleRate, minus: Record<string, number> = {}): Record<string, number> {
  return Object.fromEntries(
    Object.entries(reading.cpuSeconds).map(([part, cpu]) => [part, cpu - (idle?.perSecond[part] ?? 0) * reading.seconds - (minus[part] ?? 0)]),
  );
}

const ms = (seconds: number, units: number) => +((Math.max(0, seconds) * 1000) / units).toFixed(2);

/**
 * CPU milliseconds per unit of work: per counted part and their sum, and the parts reported
 * apart (APART: PostgreSQL's shared processes, other databases, the bench, npm start).
 */
export function cpuPerUnit(netSeconds: Record<string, number>, units: number) {
  const counted = Object.entries(netSeconds).filter(([part]) => !(part in APART));
  const perPartMs = Object.fromEntries(counted.map(([part, seconds]) => [part, ms(seconds, units)]));
  const apartMs = Object.fromEntries(Object.entries(netSeconds).filter(([part]) => part in APART).map(([part, seconds]) => [part, ms(seconds, units)]));
  const totalMs = +Object.values(perPartMs).reduce((sum, value) => sum + value, 0).toFixed(2);
  return { totalMs, perPartMs, apartMs };
}
