import { context, propagation, type Context } from '@opentelemetry/api';

/**
 * The active trace context as the JSON of its W3C propagation headers (`traceparent`,
 * `tracestate`), or null when there is none (tracing off). The same format as BullMQ's
 * telemetry metadata, so a stored context can be handed to a job as it is.
 */
export function currentTraceContext(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? JSON.stringify(carrier) : null;
}

/** The context a `currentTraceContext()` value describes (the active one if none or unreadable). */
export function traceContextFrom(serialized: string | null | undefined): Context {
  if (!serialized) return context.active();
  try {
    return propagation.extract(context.active(), JSON.parse(serialized) as Record<string, string>);
  } catch {
    return context.active();
  }
}
