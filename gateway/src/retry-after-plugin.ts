import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './gateway-context.js';

const RETRYABLE = new Set(['SERVICE_UNAVAILABLE', 'TOO_MANY_REQUESTS']);

/** Nothing answered: no data, or null for every root field. */
const nothingAnswered = (data: Record<string, unknown> | null | undefined) => data == null || Object.values(data).every((value) => value === null);

/**
 * A response that failed for a retryable reason tells the client when to retry: a
 * subgraph at capacity, down or too slow surfaces as a field error in an HTTP 200, where
 * no status says "retry". `Retry-After` is the longest `extensions.retryAfter` of its
 * errors (or a refusing subgraph's `Retry-After`), or 1 s.
 *
 * When a subgraph refused at capacity (HTTP 503, see `IdentityDataSource`) and the answer
 * holds nothing else — every root field null, every error retryable — the request is
 * refused as the gateway's own admission refuses one: HTTP 503. An overloaded subgraph
 * behind the gateway then looks to a client like an overloaded gateway, and a client that
 * retries on 503 needs no second rule for a 200 without data.
 */
export function retryAfterPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          const retryable = errors?.filter((e) => RETRYABLE.has(String(e.extensions?.code)));
          if (!errors || !retryable?.length) return;
          const refusal = contextValue.subgraphRefusal;
          if (!response.http.headers.has('retry-after')) {
            const seconds = Math.max(1, refusal?.retryAfterSeconds ?? 0, ...retryable.map((e) => Number(e.extensions?.retryAfter) || 0));
            response.http.headers.set('retry-after', String(seconds));
          }
          if (refusal && retryable.length === errors.length && nothingAnswered(data)) response.http.status = 503;
        },
      };
    },
  };
}
