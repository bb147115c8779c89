import { startTracing } from '@shopgraph/telemetry/tracing';

// Tracing first: it instruments only the modules loaded after it (see startTracing).
await startTracing('shop');
await import('./serve.js');
