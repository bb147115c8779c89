import { startTracing } from '@shopgraph/telemetry/tracing';

// Tracing first: it instruments only the modules loaded after it (see startTracing).
// Without the HTTP server instrumentation: its per-request context binding cost cache hits
// two thirds of their throughput (npm run bench:observability); the gateway opens server spans
// itself for the requests that do work (serverSpans in create-gateway.ts and customer-reads/cache-front.ts).
await startTracing('gateway', { incomingHttp: false });
await import('./serve.js');
