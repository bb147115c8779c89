import { createAdaptiveLimit, type AdaptiveLimit } from '@shopgraph/service-shell/adaptive-limit';
import { counter, gauge } from '@shopgraph/telemetry/metrics';
import type { ReadModelChanges } from '../invalidation-subscriber.js';

/** Where a worker's limit starts and how low it goes: a few writes at once always pass. */
const INITIAL = 16;
const MIN = 2;

/**
 * The owners' requests one gateway worker sends on at once, found from the command side's
 * answer times (`createAdaptiveLimit`): past saturation, a queue of writes in the subgraphs
 * made refusals wait seconds there and took the cores cached reads need (issue 18's W3), while
 * a fixed bound low enough to prevent it refused writes below saturation. Null when
 * `latencyTargetMs` is 0 (only GATEWAY_MAX_EXECUTING bounds them then).
 */
export function writeLimit({ latencyTargetMs, max }: { latencyTargetMs: number; max: number }): AdaptiveLimit | null {
  if (latencyTargetMs === 0) return null;
  const current = gauge({ name: 'shopgraph_gateway_write_limit', help: "Owners' requests the gateway sends on at once, adapting to the command side's answer times (summed over workers)" });
  const refused = counter({ name: 'shopgraph_gateway_write_limit_refusals_total', help: "Owners' requests refused at once because the write limit was reached" });
  const limit = createAdaptiveLimit({
    latencyTargetMs,
    initial: Math.min(INITIAL, max),
    min: Math.min(MIN, max),
    max,
    onChange: (value) => current.set(value),
    onRefused: () => refused.inc(),
  });
  current.set(limit.limit);
  return limit;
}

/**
 * Backpressure from the read side: the write limit also follows how late the read model shows
 * the changes it admits. Past saturation the command side can answer fast while the projector
 * falls behind (issue 18's W3: 525 of 600 updates/s acknowledged, their pages seconds late, and
 * the cores customers' reads need spent on them). A change announced more than `lagTargetMs`
 * after it was recorded cuts the limit (once per round trip: only changes admitted after a cut
 * say anything about it) and holds it from growing for as long again; refused owners are told
 * to retry. A read side that is down announces nothing, so it holds back no owner: this slows
 * writes to what a live projector keeps up with, it never stops them. Off unless
 * GATEWAY_WRITE_LAG_TARGET_MS is set (config.ts says what it traded in the one measurement).
 */
export function followProjectionLag(limit: AdaptiveLimit, changes: ReadModelChanges, lagTargetMs: number): () => void {
  return changes.addListener({
    changed({ recordedAt }) {
      if (recordedAt === undefined) return;
      const lagMs = Date.now() - recordedAt;
      if (lagMs > lagTargetMs) limit.behind(performance.now() - lagMs, lagTargetMs);
    },
    subscribed() {},
    lost() {},
  });
}
