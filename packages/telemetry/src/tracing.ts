import { register } from 'node:module';

/**
 * OpenTelemetry tracing, off unless an OTLP endpoint is configured by the standard variables
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`; `OTEL_SDK_DISABLED=true`
 * turns it off again). Everything else — sampler, batch delays, headers, resource attributes —
 * is read by the SDK from the usual `OTEL_*` variables.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

let stop: (() => Promise<void>) | undefined;

export interface TracingOptions {
  /**
   * Spans for every incoming HTTP request (the http instrumentation's server side). Off where
   * a service opens its server spans itself, for the requests that do work (see serverSpans).
   * @default true
   */
  incomingHttp?: boolean;
}

/**
 * Starts tracing for this process when it is enabled. Must run before the service's own
 * modules load: the ESM hook can patch only modules imported after it is registered, so a
 * service's `main.ts` calls this and then imports the rest dynamically. The SDK is loaded
 * lazily: a service with tracing off loads none of it.
 */
export async function startTracing(serviceName: string, { incomingHttp = true }: TracingOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!tracingEnabled(env) || stop) return;
  env.OTEL_SERVICE_NAME ??= `shopgraph-${serviceName}`;
  // Metrics are Prometheus's (GET /metrics) and logs are pino's: the SDK exports traces only.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  // Wraps only the modules an instrumentation asks for (not every module the service
  // loads, which doubled start-up time).
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  const [{ NodeSDK }, { HttpInstrumentation }, { ExpressInstrumentation }, { GraphQLInstrumentation }, { PgInstrumentation }, { IORedisInstrumentation }] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-express'),
      import('@opentelemetry/instrumentation-graphql'),
      import('@opentelemetry/instrumentation-pg'),
      import('@opentelemetry/instrumentation-ioredis'),
    ]);
  const sdk = new NodeSDK({
    instrumentations: [
      // Probes and scrapes would be most of the spans and tell nothing.
      new HttpInstrumentation({
        disableIncomingRequestInstrumentation: !incomingHttp,
        ignoreIncomingRequestHook: (req) => /^\/(health|ready|metrics)\b/.test(req.url ?? ''),
      }),
      new ExpressInstrumentation(),
      // One span per resolver would dwarf the rest; parse, validate and execute are enough.
      new GraphQLInstrumentation({ ignoreResolveSpans: true }),
      new PgInstrumentation({ requireParentSpan: true }),
      // The read model's blocking reads and BullMQ's polling would be orphan spans.
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();
  stop = () => sdk.shutdown();
}

/** Sends the spans still buffered and stops the SDK; a no-op when tracing is off. */
export async function stopTracing(): Promise<void> {
  const current = stop;
  stop = undefined;
  await current?.().catch(() => {});
}
