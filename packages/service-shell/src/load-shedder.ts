import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoadShedderOptions {
  /**
   * Mean event-loop delay over the last window past which the process counts as overloaded;
   * 0 turns shedding off.
   * @default 100
   */
  maxDelayMs?: number;
  /** @default 500 */
  windowMs?: number;
}

/**
 * Tells whether this process is overloaded, from how late its event loop runs: past
 * saturation every request queues behind the others, so the way to answer within a bound
 * is to refuse at the door, cheaply and at once, what would otherwise wait (and hold
 * memory) until it timed out. A busy but keeping-up process runs its loop within a few ms.
 */
export function createLoadShedder({ maxDelayMs = 100, windowMs = 500 }: LoadShedderOptions = {}) {
  if (maxDelayMs <= 0) return { overloaded: () => false, close() {} };
  const delays = monitorEventLoopDelay({ resolution: 10 });
  delays.enable();
  let overloaded = false;
  const timer = setInterval(() => {
    overloaded = delays.mean / 1e6 > maxDelayMs;
    delays.reset();
  }, windowMs);
  timer.unref();
  return {
    overloaded: () => overloaded,
    close() {
      clearInterval(timer);
      delays.disable();
    },
  };
}

export type LoadShedder = ReturnType<typeof createLoadShedder>;
