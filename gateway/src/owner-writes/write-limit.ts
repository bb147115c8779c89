import { createAdaptiveLimit, type AdaptiveLimit } from '@shopgraph/service-shell/adaptive-limit';
import { counter, gauge } from '@shopgraph/telemetry/metrics';

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
