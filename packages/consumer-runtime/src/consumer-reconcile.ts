import type { Logger } from '@shopgraph/telemetry/logger';
import { counter, metricsRegistry } from '@shopgraph/telemetry/metrics';

/** What one pass found wrong in a consumer's copy, and repaired. */
export interface ReconcileReport {
  /** Shops the pass compared. */
  checked: number;
  /** Live shops the copy did not have (a lost `shop.created`). */
  missing: number;
  /** Rows older than the source (a lost change). */
  stale: number;
  /** Rows of shops the source no longer has live (a lost `shop.deleted`). */
  removed: number;
}

export interface ConsumerReconcileOptions {
  /** The consumer's queue (`review-shops`, `search`): the metrics' `queue` label, as the other consumer metrics. */
  queue: string;
  /** Compares the copy with the source and repairs it; `stopped()` turns true when the service is closing. */
  pass: (stopped: () => boolean) => Promise<ReconcileReport>;
  logger: Logger;
  /** Time between two passes, ms; 0: never (a pass still runs on `runNow`). */
  intervalMs: number;
}

const RUNS = 'shopgraph_reconcile_runs_total';
const REPAIRED = 'shopgraph_reconcile_repaired_total';

const runs = () =>
  counter({ name: RUNS, help: "Passes of a consumer's reconcile against the command side, by queue and outcome (ok, failed)", labelNames: ['queue', 'outcome'] });
const repaired = () =>
  counter({
    name: REPAIRED,
    help: "Rows of a consumer's copy repaired by its reconcile, by queue and kind (missing, stale, removed): each one an event that was lost",
    labelNames: ['queue', 'kind'],
  });

/**
 * Runs a consumer's reconcile every `intervalMs`: events can be lost (a Redis failover that
 * drops acknowledged jobs, a flushed queue), and a consumer that only follows events keeps
 * such a loss for ever. One pass at a time; a failed pass (the source down) is logged and
 * the next one tries again. Every pass is counted; a pass that repaired something is a
 * warning (an event was lost), a clean one a debug line.
 */
export function startConsumerReconcile({ queue, pass, logger, intervalMs }: ConsumerReconcileOptions) {
  const runCount = runs();
  const repairedCount = repaired();
  let stopped = false;
  let running: Promise<ReconcileReport> | null = null;

  async function run(): Promise<ReconcileReport> {
    const started = Date.now();
    try {
      const report = await pass(() => stopped);
      runCount.inc({ queue, outcome: 'ok' });
      for (const kind of ['missing', 'stale', 'removed'] as const) if (report[kind] > 0) repairedCount.inc({ queue, kind }, report[kind]);
      const fields = { queue, ...report, ms: Date.now() - started };
      if (report.missing + report.stale + report.removed > 0) logger.warn(fields, 'reconcile repaired rows that events had not (events were lost)');
      else logger.debug(fields, 'reconcile found nothing to repair');
      return report;
    } catch (error) {
      runCount.inc({ queue, outcome: 'failed' });
      logger.warn({ err: error, queue }, 'reconcile failed; the next pass tries again');
      throw error;
    }
  }

  /** The pass under way, or a new one. */
  function runNow(): Promise<ReconcileReport> {
    running ??= run().finally(() => (running = null));
    return running;
  }

  const timer = intervalMs > 0 ? setInterval(() => void runNow().catch(() => {}), intervalMs) : null;
  // A timer alone must not keep a process alive that is otherwise done.
  timer?.unref();

  return {
    runNow,
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}

export type ConsumerReconcile = ReturnType<typeof startConsumerReconcile>;

/** What this process's reconciles of one queue have done so far: passes that completed, and rows repaired by kind. */
export interface ReconcileTotals {
  passes: number;
  missing: number;
  stale: number;
  removed: number;
}

/**
 * This process's reconcile counters for one queue, as GET /metrics shows them: a test that
 * changes a copy behind its consumer's back waits for passes to complete (a pass under way
 * when it starts may count a repair of a state it has not made) and reads the repairs.
 */
export async function reconcileTotals(queue: string): Promise<ReconcileTotals> {
  const values = async (name: string) => (await metricsRegistry.getSingleMetric(name)?.get())?.values.filter((value) => value.labels.queue === queue) ?? [];
  const ran = await values(RUNS);
  const fixed = await values(REPAIRED);
  const kind = (name: string) => fixed.find((value) => value.labels.kind === name)?.value ?? 0;
  return { passes: ran.find((value) => value.labels.outcome === 'ok')?.value ?? 0, missing: kind('missing'), stale: kind('stale'), removed: kind('removed') };
}
