import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './gateway-context.js';

const RETRYABLE = new Set(['SERVICE_UNAVAILABLE', 'TOO_MANY_REQUESTS']);

/**
 * A response that failed for a retryable reason tells the client when to retry: a
 * subgraph at capacity, down or too slow surfaces as a field error in an HTTP 200, where
 * no status says "retry". `Retry-After` is the longest `extensions.retryAfter` of its
 * errors, or 1 s.
 */
export function retryAfterPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || response.http.headers.has('retry-after')) return;
          const retryable = response.body.singleResult.errors?.filter((e) => RETRYABLE.has(String(e.extensions?.code)));
          if (!retryable?.length) return;
          const seconds = Math.max(1, ...retryable.map((e) => Number(e.extensions?.retryAfter) || 0));
          response.http.headers.set('retry-after', String(seconds));
        },
      };
    },
  };
}
