import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { histogram, LATENCY_BUCKETS, metricsEnabled } from './metrics.js';

/**
 * Operation names come from clients (and the gateway derives its subgraph operations' names
 * from them), so the label takes the first names seen up to this many per process and
 * `other` after: a client cannot grow the series without bound.
 */
const MAX_OPERATION_NAMES = 200;

/** Read once: METRICS is set before a process starts (see `metricsEnabled`). */
const enabled = metricsEnabled();

const requestDuration = () =>
  histogram({
    name: 'shopgraph_graphql_request_duration_seconds',
    help: 'GraphQL requests from receipt to response, by operation name and outcome (ok, or the first error code)',
    labelNames: ['operation', 'outcome'],
    buckets: LATENCY_BUCKETS,
  });

/**
 * The histogram's series by operation and outcome, looked up once: finding the metric in the
 * registry and hashing its labels on every request was most of what timing a cache hit cost.
 * Bounded as the labels are (operation names by `operationLabel`, outcomes by error codes).
 */
const series = new Map<string, { observe(seconds: number): void }>();
function seriesOf(operation: string, outcome: string) {
  const key = `${operation}\n${outcome}`;
  let found = series.get(key);
  if (!found) series.set(key, (found = requestDuration().labels({ operation, outcome })));
  return found;
}

const names = new Set<string>();
const operationLabel = (name: string | null | undefined): string => {
  if (!name) return 'anonymous';
  if (names.has(name)) return name;
  if (names.size >= MAX_OPERATION_NAMES || name.length > 100) return 'other';
  names.add(name);
  return name;
};

/**
 * Starts timing one GraphQL request; the returned function records it. For requests answered
 * outside Apollo Server (the gateway's cache hits and direct reads), so that the histogram
 * counts every request a service answers.
 */
export function requestTimer(): (operation: string | null | undefined, outcome: string) => void {
  if (!enabled) return () => {};
  const start = performance.now();
  return (operation, outcome) => seriesOf(operationLabel(operation), outcome).observe((performance.now() - start) / 1000);
}

/** Observes every GraphQL request's duration by operation name and outcome. */
export function graphqlMetricsPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  if (!enabled) return {};
  return {
    async requestDidStart({ request }) {
      const end = requestTimer();
      let operation: string | null | undefined = request.operationName;
      return {
        async didResolveOperation({ operationName }) {
          operation = operationName;
        },
        async willSendResponse({ response, errors }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          // The answer's errors as formatted for the client: a dependency outage is SERVICE_UNAVAILABLE
          // there (formatClientError), where the raw error has no code and would count as an internal error.
          const first = body?.errors?.[0] ?? errors?.[0];
          const code = first?.extensions?.code;
          end(operation, first ? (typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR') : 'ok');
        },
      };
    },
  };
}
