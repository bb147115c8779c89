import { startTracing } from '@shopgraph/kit/tracing';

// Tracing first: it instruments only the modules loaded after it (see startTracing).
await startTracing('ads-serving');
await import('./serve.js');
