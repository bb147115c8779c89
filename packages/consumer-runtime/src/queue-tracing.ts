import { BullMQOtel } from 'bullmq-otel';
import { tracingEnabled } from '@shopgraph/telemetry/tracing';

/**
 * A worker's `telemetry` option: with tracing on, each job runs in a span that continues the
 * trace its job carries (the request that recorded the change; see event-publisher.ts).
 */
export function workerTelemetry(): { telemetry?: BullMQOtel } {
  return tracingEnabled() ? { telemetry: new BullMQOtel({ tracerName: 'shopgraph' }) } : {};
}
