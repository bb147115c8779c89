import type { Express } from 'express';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  register,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

/**
 * Every service's metrics live in prom-client's global registry (one service per process),
 * so a module registers its metrics where it is, and the service shows them all at
 * GET /metrics on its own port.
 */
export const metricsRegistry = register;

/**
 * `METRICS=off` leaves out GET /metrics and the per-request histograms: only to measure what
 * metrics cost (`npm run bench:observability`); production keeps them on.
 */
export function metricsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.METRICS !== 'off';
}

let defaultsCollected = false;

/** Mounts GET /metrics (Prometheus text format) with the process's standard metrics. */
export function serveMetrics(app: Express): void {
  if (!metricsEnabled()) return;
  if (!defaultsCollected) {
    defaultsCollected = true;
    collectDefaultMetrics();
  }
  app.get('/metrics', async (_req, res, next) => {
    try {
      const text = await metricsRegistry.metrics();
      res.type(metricsRegistry.contentType).send(text);
    } catch (error) {
      next(error);
    }
  });
}

/**
 * The metric its configuration names, created on first use: modules that can be instantiated
 * several times in one process (tests start many services) share one series set instead of
 * failing on a duplicate registration.
 */
function once<M>(name: string, create: () => M): M {
  return (metricsRegistry.getSingleMetric(name) as M | undefined) ?? create();
}

export const counter = <L extends string>(config: CounterConfiguration<L>): Counter<L> => once(config.name, () => new Counter(config));
export const gauge = <L extends string>(config: GaugeConfiguration<L>): Gauge<L> => once(config.name, () => new Gauge(config));
export const histogram = <L extends string>(config: HistogramConfiguration<L>): Histogram<L> => once(config.name, () => new Histogram(config));

/** Buckets for latencies from a millisecond to half a minute, in seconds. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Buckets for the age of a change when it reaches a consumer or a cache (a few ms to an hour), in seconds. */
export const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
